package io.berth.linux.internal;

import io.berth.linux.SyscallException;

/** syscall(2), for calls glibc does not wrap or wraps with semantics we must avoid. */
public final class RawSyscall {
    private static final LibcFunction SYSCALL = LibcFunction.ofLong("syscall");

    private RawSyscall() {}

    /** Returns the result, or throws naming {@code name} and {@code subject} on -1. */
    public static long call(String name, String subject, Syscall call, long... args) {
        long result = invoke(call, args);
        if (result == -1) {
            throw new SyscallException(name, subject, Libc.errno());
        }
        return result;
    }

    /** Returns the result or {@code -errno}, for callers that handle specific errors. */
    public static long callOrErrno(Syscall call, long... args) {
        long result = invoke(call, args);
        return result == -1 ? -Libc.errno() : result;
    }

    private static long invoke(Syscall call, long... args) {
        if (args.length > 6) {
            throw new IllegalArgumentException(call + " takes at most 6 arguments");
        }
        long[] a = new long[Libc.MAX_ARGS];
        a[0] = call.number();
        System.arraycopy(args, 0, a, 1, args.length);
        return SYSCALL.invoke(a);
    }
}
