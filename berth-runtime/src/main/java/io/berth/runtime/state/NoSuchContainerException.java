package io.berth.runtime.state;

/** No container with that id exists under the runtime root. */
public final class NoSuchContainerException extends RuntimeException {
    public NoSuchContainerException(String id) {
        super("container does not exist: " + id);
    }
}
