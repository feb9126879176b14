package io.berth.linux.internal;

import io.berth.linux.SyscallException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** syscall(2) for calls glibc does not wrap; arguments are passed as longs (pointers by address). */
public final class RawSyscall {
    private static final MethodHandle[] BY_ARITY = new MethodHandle[7];

    static {
        for (int arity = 0; arity < BY_ARITY.length; arity++) {
            ValueLayout[] args = new ValueLayout[arity + 1];
            java.util.Arrays.fill(args, ValueLayout.JAVA_LONG);
            BY_ARITY[arity] = Libc.variadic("syscall",
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, args), 1);
        }
    }

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
        Object[] all = new Object[args.length + 2];
        all[0] = Libc.state();
        all[1] = nr;
        for (int i = 0; i < args.length; i++) {
            all[i + 2] = args[i];
        }
        try {
            return (long) BY_ARITY[args.length].invokeWithArguments(all);
        } catch (Throwable t) {
            throw new IllegalStateException("syscall " + nr + " could not be invoked", t);
        }
    }
}
