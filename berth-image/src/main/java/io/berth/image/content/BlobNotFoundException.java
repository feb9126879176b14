package io.berth.image.content;

import java.io.IOException;

/** A blob the caller expected is not in the content store. */
public final class BlobNotFoundException extends IOException {
    private final Digest digest;

    public BlobNotFoundException(Digest digest) {
        super("content " + digest + " is not in the store");
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
