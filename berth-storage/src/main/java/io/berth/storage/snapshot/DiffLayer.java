package io.berth.storage.snapshot;

import io.berth.storage.layer.Compression;

/**
 * A layer {@link SnapshotDiff} wrote: what an image manifest and config need to name it.
 *
 * @param compression      how the blob is compressed (the manifest's media type follows from it)
 * @param digest           "sha256:HEX" of the blob as written
 * @param size             the blob's size in bytes
 * @param diffId           "sha256:HEX" of the uncompressed tar, the config's rootfs.diff_ids entry;
 *                         the same as {@code digest} for an uncompressed layer
 * @param uncompressedSize the tar's size in bytes
 */
public record DiffLayer(Compression compression, String digest, long size, String diffId, long uncompressedSize) {}
