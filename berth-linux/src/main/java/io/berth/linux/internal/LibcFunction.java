package io.berth.linux.internal;

import io.berth.linux.Errno;
import io.berth.linux.SyscallException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;

/**
 * One C function, called through {@link Libc}'s single downcall handle. Arguments are longs:
 * ints widened, pointers as {@code MemorySegment.address()}. The symbol is looked up on first
 * use, so a function a short-lived command never calls costs nothing and a libc without it
 * fails only the call that needs it.
 */
public final class LibcFunction {
    private final SymbolLookup library;
    private final String name;
    private final boolean returnsInt;
    private volatile MemorySegment symbol;

    private LibcFunction(SymbolLookup library, String name, boolean returnsInt) {
        this.library = library;
        this.name = name;
        this.returnsInt = returnsInt;
    }

    /** A libc function returning int (or void). */
    public static LibcFunction ofInt(String name) {
        return new LibcFunction(null, name, true);
    }

    /** A libc function returning long, ssize_t or a pointer. */
    public static LibcFunction ofLong(String name) {
        return new LibcFunction(null, name, false);
    }

    /** A function of another library returning int (or void). */
    public static LibcFunction ofInt(SymbolLookup library, String name) {
        return new LibcFunction(library, name, true);
    }

    /** A function of another library returning long or a pointer. */
    public static LibcFunction ofLong(SymbolLookup library, String name) {
        return new LibcFunction(library, name, false);
    }

    public String name() {
        return name;
    }

    /** The raw result; on failure errno is in {@link Libc#errno()}. */
    public long invoke(long... args) {
        if (args.length > Libc.MAX_ARGS) {
            throw new IllegalArgumentException(name + " called with " + args.length + " arguments");
        }
        long[] a = args.length == Libc.MAX_ARGS ? args : java.util.Arrays.copyOf(args, Libc.MAX_ARGS);
        long result = Libc.invoke(symbol(), a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
        return returnsInt ? (int) result : result;
    }

    /** The result, or a {@link SyscallException} naming this function and {@code subject} on -1. */
    public long check(String subject, long... args) {
        long result = invoke(args);
        if (result == -1) {
            throw new SyscallException(name, subject, Libc.errno());
        }
        return result;
    }

    /** {@link #check}, retried while it fails with EINTR. */
    public long checkRetryingEintr(String subject, long... args) {
        while (true) {
            long result = invoke(args);
            if (result != -1) {
                return result;
            }
            int errno = Libc.errno();
            if (errno != Errno.EINTR) {
                throw new SyscallException(name, subject, errno);
            }
        }
    }

    private MemorySegment symbol() {
        MemorySegment s = symbol;
        if (s == null) {
            SymbolLookup lookup = library == null ? Libc.lookup() : library;
            s = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no C function " + name));
            symbol = s;
        }
        return s;
    }
}
