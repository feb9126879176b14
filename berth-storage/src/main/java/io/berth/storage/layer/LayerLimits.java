package io.berth.storage.layer;

/**
 * Bounds on one layer's unpacking, which also defeat decompression bombs.
 *
 * @param maxUnpackedBytes bytes of regular-file content the layer may write ({@link #UNLIMITED} for no cap)
 * @param minFreeFraction  share of the target filesystem that must stay free (0.05 keeps 5%)
 */
public record LayerLimits(long maxUnpackedBytes, double minFreeFraction) {
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** No size cap; keep 5% of the filesystem free. */
    public static final LayerLimits DEFAULT = new LayerLimits(UNLIMITED, 0.05);

    public LayerLimits {
        if (maxUnpackedBytes < 0) {
            throw new IllegalArgumentException("maxUnpackedBytes must not be negative: " + maxUnpackedBytes);
        }
        if (!(minFreeFraction >= 0 && minFreeFraction < 1)) {
            throw new IllegalArgumentException("minFreeFraction must be in [0, 1): " + minFreeFraction);
        }
    }

    public LayerLimits withMaxUnpackedBytes(long bytes) {
        return new LayerLimits(bytes, minFreeFraction);
    }
}
