/**
 * OCI and Docker schema 2 image manifests, indexes (manifest lists) and image configs as
 * records, with {@link io.berth.image.manifest.ManifestCodec} to read and write them and
 * {@link io.berth.image.manifest.PlatformSelector} to choose an index entry for a platform.
 *
 * <p>The records are the domain model and carry no JSON library types; the JSON wire shapes
 * and the translation between the two live in {@code internal}, as jib keeps its templates
 * apart. Specs: <a href="https://github.com/opencontainers/image-spec">OCI image spec</a>
 * (manifest.md, image-index.md, descriptor.md, config.md, media-types.md) and Docker's image
 * manifest v2 schema 2.
 */
package io.berth.image.manifest;
