package io.berth.storage.layer;

import java.io.IOException;

/**
 * A stream Berth cannot decompress: empty, or compressed with a format OCI layers do not use.
 * The message names the stream, e.g. {@code the archive is xz-compressed; Berth reads gzip, zstd
 * or plain tar}; callers with exceptions of their own rewrap it with that message.
 */
public final class CompressionException extends IOException {
    private final boolean empty;

    private CompressionException(String message, boolean empty) {
        super(message);
        this.empty = empty;
    }

    static CompressionException empty(String what) {
        return new CompressionException(what + " is empty", true);
    }

    static CompressionException unsupported(String what, String format) {
        return new CompressionException(what + " is " + format + "-compressed; Berth reads gzip, zstd or plain tar", false);
    }

    /** Whether the stream had no bytes at all (rather than an unsupported format). */
    public boolean isEmpty() {
        return empty;
    }
}
