package io.berth.image.manifest;

import java.util.Map;

/**
 * What a registry serves for a tag or digest: an image manifest for one platform, or an index
 * (Docker: manifest list) of manifests for several. Docker schema 1 is neither and is refused.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {

    /** Always 2 for the formats Berth accepts. */
    int schemaVersion();

    /** The {@code mediaType} field as written; nullable, since OCI documents may leave it out. */
    String mediaType();

    /** The {@code mediaType} field, or the OCI type this document has when the field is absent. */
    String effectiveMediaType();

    /** Never null, sorted by key. */
    Map<String, String> annotations();
}
