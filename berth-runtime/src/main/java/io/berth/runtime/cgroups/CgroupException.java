package io.berth.runtime.cgroups;

/** A cgroup operation failed or a limit cannot be expressed; the message names file, value and reason. */
public final class CgroupException extends RuntimeException {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
