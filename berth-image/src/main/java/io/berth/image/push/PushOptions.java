package io.berth.image.push;

/**
 * @param parallelUploads layers uploaded at once (docker's max-concurrent-uploads is 5)
 * @param chunkedAbove    blobs larger than this go in chunks, so a broken upload resumes; others in one PUT
 * @param chunkSize       bytes per chunk (the registry's OCI-Chunk-Min-Length wins if larger)
 */
public record PushOptions(int parallelUploads, long chunkedAbove, long chunkSize) {
    public static final long DEFAULT_CHUNK = 16L << 20;

    public PushOptions {
        if (parallelUploads < 1) {
            throw new IllegalArgumentException("parallel uploads must be at least 1, not " + parallelUploads);
        }
        if (chunkedAbove < 0 || chunkSize <= 0) {
            throw new IllegalArgumentException("invalid chunking: chunked above " + chunkedAbove + " bytes in chunks of "
                    + chunkSize);
        }
    }

    public static PushOptions defaults() {
        return new PushOptions(3, DEFAULT_CHUNK, DEFAULT_CHUNK);
    }

    /** Every blob, however small, in chunks of {@code chunkSize}: to exercise chunked uploads. */
    public PushOptions alwaysChunked(long newChunkSize) {
        return new PushOptions(parallelUploads, 0, newChunkSize);
    }
}
