package io.berth.runtime.init;

/** The init stage reported an error (its message says what) or died. */
public final class InitFailedException extends RuntimeException {
    public InitFailedException(String message) {
        super(message);
    }
}
