package io.berth.testing.image;

/** The manifest format a test image is pushed in. */
public enum PushFormat {
    /** As built: OCI manifests and index, digests preserved byte for byte. */
    OCI,
    /**
     * Converted by skopeo to Docker schema 2 ({@code --format v2s2}): new manifest and config
     * digests, same layer blobs (gzip and uncompressed only; Docker schema 2 has no zstd).
     */
    DOCKER_V2S2
}
