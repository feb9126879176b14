package io.berth.linux.internal;

import io.berth.linux.SyscallException;

/** Turns a -1 return into a {@link SyscallException} carrying the captured errno. */
public final class Check {
    private Check() {}

    public static int check(int result, String syscall, String subject) {
        if (result == -1) {
            throw new SyscallException(syscall, subject, Libc.errno());
        }
        return result;
    }

    public static long check(long result, String syscall, String subject) {
        if (result == -1) {
            throw new SyscallException(syscall, subject, Libc.errno());
        }
        return result;
    }

    /** For handles that must never fail to invoke; wraps the checked Throwable of invokeExact. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

}
