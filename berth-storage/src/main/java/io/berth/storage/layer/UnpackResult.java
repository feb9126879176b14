package io.berth.storage.layer;

/**
 * What one unpacked layer turned out to be.
 *
 * @param diffId        "sha256:&lt;hex&gt;" of the whole uncompressed tar stream, padding included:
 *                      compare it with the image config's rootfs.diff_ids entry
 * @param unpackedBytes bytes of regular-file content written (hardlinks counted once)
 * @param entries       tar entries applied, whiteouts included (PAX and GNU meta headers not)
 */
public record UnpackResult(String diffId, long unpackedBytes, int entries) {}
