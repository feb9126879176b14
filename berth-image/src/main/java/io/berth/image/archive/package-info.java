/**
 * Images in and out of files, as {@code docker load}, {@code docker save}, {@code docker import}
 * and {@code docker export} move them. {@link io.berth.image.archive.ImageArchives} is the entry
 * point; berth-storage's {@link io.berth.storage.layer.TreeTar} writes a directory tree (a
 * container's rootfs for export, a snapshot's changes as a layer) as a tar.
 *
 * <h2>Formats</h2>
 * <pre>
 * docker-archive, as docker save writes it since moby 25 (and Berth's save):
 *   blobs/sha256/DIFFID        a layer, an uncompressed tar named by its diff ID
 *   blobs/sha256/IMAGEID       the image config, byte for byte
 *   blobs/sha256/MANIFEST      an OCI manifest for the uncompressed layers
 *   index.json                 an OCI index: io.containerd.image.name = full name, ref.name = tag
 *   manifest.json              [{"Config": "blobs/sha256/IMAGEID", "RepoTags": ["busybox:latest"],
 *                                "Layers": ["blobs/sha256/DIFFID", ...]}]
 *   oci-layout, repositories   {"busybox": {"latest": TOP_DIFFID}}
 *
 * docker-archive, as docker before 25 and skopeo write it (loaded, not written):
 *   ID/layer.tar, ID/json, ID/VERSION   one directory per layer; a repeated layer is a symlink
 *   HEX.tar                              skopeo's layers
 *   IMAGEID.json                         the config
 *   manifest.json, repositories
 *
 * oci-archive (a tar) and oci-dir (a directory): an OCI image layout (image-layout.md)
 *   oci-layout, index.json, blobs/ALG/HEX   the blobs as stored (compressed layers, the
 *                                           manifest the image was pulled with); index.json
 *                                           names each tag in ref.name and io.containerd.image.name
 * </pre>
 *
 * <h2>Loading</h2>
 * An archive is read once, as a stream, in any member order: {@code blobs/ALG/HEX} members go
 * into the content store as they come, verified against their names; other members wait in
 * {@code ROOT/tmp/load-*} until the manifest says what they are. A docker-archive (manifest.json)
 * gets an OCI manifest made for its layers as they came (usually uncompressed tars); an OCI
 * layout keeps its own manifests, and a multi-platform index gives the wanted platform's image.
 * Every blob of every image is checked before a layer is unpacked; a layer that is hostile,
 * corrupt, over the size cap or not its diff ID fails the load with its staging removed and
 * nothing recorded. An image the store has already is only tagged.
 */
package io.berth.image.archive;
