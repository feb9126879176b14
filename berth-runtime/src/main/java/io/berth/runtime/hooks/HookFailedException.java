package io.berth.runtime.hooks;

/** A hook exited non-zero, was killed by its timeout, or could not be started. */
public final class HookFailedException extends RuntimeException {
    public HookFailedException(String message) {
        super(message);
    }
}
