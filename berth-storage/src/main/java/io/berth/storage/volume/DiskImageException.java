package io.berth.storage.volume;

/** A disk image could not be made, attached, mounted, grown or released; the message says which and why. */
public final class DiskImageException extends RuntimeException {
    public DiskImageException(String message) {
        super(message);
    }

    public DiskImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
