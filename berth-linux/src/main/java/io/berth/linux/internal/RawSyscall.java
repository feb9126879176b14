package io.berth.linux.internal;

import io.berth.linux.SyscallException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;

/** syscall(2) for calls glibc does not wrap; arguments are passed as longs (pointers by address). */
public final class RawSyscall {
    // syscall(2) with all six argument registers: one downcall shape for every call, since each
    // new shape costs milliseconds to link; the kernel ignores the registers a call does not use
    private static final Libc.Lazy SYSCALL = Libc.lazyVariadic("syscall", FunctionDescriptor.of(
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), 1);

    private RawSyscall() {}

    /** Returns the result, or throws naming {@code name} and {@code subject} on -1. */
    public static long call(String name, String subject, long nr, long... args) {
        long result = invoke(nr, args);
        if (result == -1) {
            throw new SyscallException(name, subject, Libc.errno());
        }
        return result;
    }

    /** Returns the result or {@code -errno}, for callers that handle specific errors. */
    public static long callOrErrno(long nr, long... args) {
        long result = invoke(nr, args);
        return result == -1 ? -Libc.errno() : result;
    }

    private static long invoke(long nr, long... args) {
        if (args.length > 6) {
            throw new IllegalArgumentException("syscall " + nr + " takes at most 6 arguments");
        }
        long[] a = java.util.Arrays.copyOf(args, 6);
        try {
            return (long) SYSCALL.get().invokeExact(Libc.state(), nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        } catch (Throwable t) {
            throw new IllegalStateException("syscall " + nr + " could not be invoked", t);
        }
    }
}
