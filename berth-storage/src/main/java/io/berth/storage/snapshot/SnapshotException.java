package io.berth.storage.snapshot;

/** A snapshot operation refused: unknown name, still in use, bad name. Nothing was changed. */
public final class SnapshotException extends RuntimeException {
    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
