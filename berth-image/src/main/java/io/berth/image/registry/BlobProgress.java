package io.berth.image.registry;

/** Told about bytes as they move, for progress bars. */
@FunctionalInterface
public interface BlobProgress {
    void transferred(long bytesSoFar, long total);

    static BlobProgress none() {
        return (done, total) -> { };
    }
}
