package io.berth.image.content;

import java.io.IOException;

/** Content whose size or digest is not what its descriptor promised; nothing was stored. */
public final class ContentVerificationException extends IOException {
    public ContentVerificationException(String message) {
        super(message);
    }
}
