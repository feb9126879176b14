package io.berth.image.registry;

/**
 * How a blob's bytes go to the registry (OCI distribution spec, "Pushing blobs"): in one PUT, or as
 * PATCH chunks closed by a PUT, so that a large upload that breaks off resumes at the last chunk the
 * registry acknowledged instead of starting over.
 */
public sealed interface UploadMode {

    /** POST for a session, then one PUT with the whole blob. */
    record Monolithic() implements UploadMode {
    }

    /**
     * POST, PATCHes of {@code chunkSize} bytes (or the registry's {@code OCI-Chunk-Min-Length}, if
     * larger), then an empty PUT with the digest.
     */
    record Chunked(long chunkSize) implements UploadMode {
        public Chunked {
            if (chunkSize <= 0) {
                throw new IllegalArgumentException("an upload chunk size must be positive, not " + chunkSize);
            }
        }
    }
}
