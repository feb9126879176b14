package io.berth.storage.volume;

/** A volume operation was refused or failed; {@link #reason()} says which kind, for API status codes. */
public final class VolumeException extends RuntimeException {
    /** Why, in the terms an API answers with. */
    public enum Reason {
        /** The request itself is wrong: a bad name, size or option (HTTP 400). */
        INVALID,
        /** No volume has that name (HTTP 404). */
        NOT_FOUND,
        /** The name is taken by a volume made with other options (HTTP 409). */
        CONFLICT,
        /** The volume is mounted or held by someone else (HTTP 409). */
        IN_USE,
        /** The host could not do it: a tool, the kernel or the disk failed (HTTP 500). */
        FAILED
    }

    private final Reason reason;

    public VolumeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public VolumeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
