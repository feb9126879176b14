package io.berth.linux.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one place that links libc symbols. Every handle captures {@code errno} so callers can
 * report the kernel's reason; the capture segment is per thread because errno is.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

    private Libc() {}

    /** A handle whose first argument is the errno capture segment ({@link #state()}). */
    public static MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }

    /** A variadic libc function; {@code fixedArgs} counts the arguments before the "...". */
    public static MethodHandle variadic(String name, FunctionDescriptor descriptor, int fixedArgs) {
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor,
                Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(fixedArgs));
    }

    /** A handle without errno capture, for functions that return their error (posix_spawn). */
    public static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /**
     * A handle made on first use. Each new downcall shape costs the JVM milliseconds to link, and
     * a short-lived CLI uses few of the calls a class offers, so none is made before it is needed.
     */
    public static final class Lazy {
        private final java.util.function.Supplier<MethodHandle> factory;
        private volatile MethodHandle handle;

        private Lazy(java.util.function.Supplier<MethodHandle> factory) {
            this.factory = factory;
        }

        public MethodHandle get() {
            MethodHandle h = handle;
            if (h == null) {
                h = factory.get(); // a race makes it twice, harmlessly
                handle = h;
            }
            return h;
        }
    }

    /** {@link #function}, made on first use. */
    public static Lazy lazyFunction(String name, FunctionDescriptor descriptor) {
        return new Lazy(() -> function(name, descriptor));
    }

    /** {@link #plain}, made on first use. */
    public static Lazy lazyPlain(String name, FunctionDescriptor descriptor) {
        return new Lazy(() -> plain(name, descriptor));
    }

    /** {@link #variadic}, made on first use. */
    public static Lazy lazyVariadic(String name, FunctionDescriptor descriptor, int fixedArgs) {
        return new Lazy(() -> variadic(name, descriptor, fixedArgs));
    }

    public static MemorySegment state() {
        return STATE.get();
    }

    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }
}
