package io.berth.linux;

import io.berth.linux.internal.LibcFunction;

/** An owned file descriptor; closing it twice is harmless. */
public final class Fd implements AutoCloseable {
    // close(2)
    private static final LibcFunction CLOSE = LibcFunction.ofInt("close");

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
        CLOSE.check("fd " + number, number);
    }

    @Override
    public String toString() {
        return "fd " + number;
    }
}
