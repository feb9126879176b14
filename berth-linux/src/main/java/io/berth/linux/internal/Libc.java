package io.berth.linux.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one downcall handle of the linux layer, and the errno it captures.
 *
 * <p>Every C function Berth calls goes through {@link #invoke}: the function's address, then
 * seven long arguments, a long result. The JVM spends 3-30 ms linking each new downcall shape
 * the first time (about 150 ms for the 26 shapes one {@code berth-runc run} used), while one
 * handle that takes the target as an argument is linked once. This is sound on the C ABIs of
 * x86-64 and AArch64: integer and pointer arguments travel in 64-bit registers (the seventh on
 * the stack, which the caller owns), a callee reads only the registers it declares and only the
 * low 32 bits of an int, and variadic integer arguments travel the same way. A function that
 * returns int leaves garbage in the upper half of the result, so {@link LibcFunction} narrows it.
 */
public final class Libc {
    static final int MAX_ARGS = 7;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final MethodHandle CALL = LINKER.downcallHandle(
            FunctionDescriptor.of(L, L, L, L, L, L, L, L), Linker.Option.captureCallState("errno"));

    static {
        Linked.done = true;
    }

    private Libc() {}

    /** Whether the downcall handle exists, asked without linking it. */
    public static final class Linked {
        public static volatile boolean done;

        private Linked() {}
    }

    /** The C library's symbols. */
    static SymbolLookup lookup() {
        return LINKER.defaultLookup();
    }

    /** Calls {@code function} with exactly {@link #MAX_ARGS} arguments; errno lands in {@link #errno()}. */
    static long invoke(MemorySegment function, long a0, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) CALL.invokeExact(function, STATE.get(), a0, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** The errno the last call on this thread left. */
    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }
}
