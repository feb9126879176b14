package io.berth.testing.image;

/**
 * One layer blob of a test image: the (possibly compressed) bytes as pushed, how they are
 * compressed, and the digest and size of the tar inside, which the image config lists as its
 * {@code diff_id}. The uncompressed tar is not kept: a decompression bomb would not fit.
 */
public record Layer(byte[] blob, LayerCompression compression, String diffId, long uncompressedSize) {
    public Layer {
        if (!diffId.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a layer diff_id must be sha256:<64 hex>, got: " + diffId);
        }
    }

    /** The blob digest, as a manifest lists it. */
    public String digest() {
        return Sha256.of(blob);
    }

    public long size() {
        return blob.length;
    }

    public String mediaType() {
        return compression.mediaType();
    }

    @Override
    public String toString() {
        return "Layer[" + digest() + ", " + compression + ", " + blob.length + " bytes, diff_id " + diffId + "]";
    }
}
