package io.berth.linux;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;

/** An owned file descriptor; closing it twice is harmless. */
public final class Fd implements AutoCloseable {
    // close(2)
    private static final Libc.Lazy CLOSE = Libc.lazyFunction("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final int number;
    private boolean closed;

    private Fd(int number) {
        this.number = number;
    }

    public static Fd adopt(int number) {
        if (number < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + number);
        }
        return new Fd(number);
    }

    public int number() {
        return number;
    }

    /** The path the kernel gives for this fd, usable as a mount target or exec path. */
    public String procPath() {
        return "/proc/self/fd/" + number;
    }

    /** Stops owning the number without closing it (it was handed to another owner). */
    public int release() {
        closed = true;
        return number;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeNumber(number);
    }

    static void closeNumber(int number) {
        try {
            Check.check((int) CLOSE.get().invokeExact(Libc.state(), number), "close", "fd " + number);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    @Override
    public String toString() {
        return "fd " + number;
    }
}
