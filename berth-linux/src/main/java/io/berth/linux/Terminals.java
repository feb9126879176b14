package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/** Pseudo-terminals (pty(7)) through ioctl(2) on a ptmx fd. */
public final class Terminals {
    private static final long TIOCSCTTY = 0x540E;
    private static final long TIOCSWINSZ = 0x5414;
    private static final long TIOCGWINSZ = 0x5413;
    private static final long TERMIOS_BYTES = 60;
    private static final int TCSANOW = 0;

    // tcgetattr(3)
    private static final Libc.Lazy TCGETATTR = Libc.lazyFunction("tcgetattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    // tcsetattr(3)
    private static final Libc.Lazy TCSETATTR = Libc.lazyFunction("tcsetattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    // cfmakeraw(3)
    private static final Libc.Lazy CFMAKERAW = Libc.lazyPlain("cfmakeraw",
            FunctionDescriptor.ofVoid(ADDRESS));
    // isatty(3)
    private static final Libc.Lazy ISATTY = Libc.lazyFunction("isatty",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final long TIOCSPTLCK = 0x40045431L;
    private static final long TIOCGPTPEER = 0x5441;

    // ioctl(2) with an int argument
    private static final Libc.Lazy IOCTL_INT = Libc.lazyVariadic("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), 2);
    // ioctl(2) with a pointer argument
    private static final Libc.Lazy IOCTL_PTR = Libc.lazyVariadic("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);

    private Terminals() {}

    /** Unlocks the pty whose master is {@code master} and opens its peer (TIOCGPTPEER). */
    public static Fd openPeer(Fd master) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zero = arena.allocate(JAVA_INT);
            Check.check((int) IOCTL_PTR.get().invokeExact(Libc.state(), master.number(), TIOCSPTLCK, zero),
                    "ioctl(TIOCSPTLCK)", master.toString());
            return Fd.adopt(Check.check((int) IOCTL_INT.get().invokeExact(Libc.state(), master.number(), TIOCGPTPEER,
                    (long) (FileCalls.O_RDWR | FileCalls.O_NOCTTY)), "ioctl(TIOCGPTPEER)", master.toString()));
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Makes {@code tty} the controlling terminal of the caller's session. */
    public static void setControlling(Fd tty) {
        try {
            Check.check((int) IOCTL_INT.get().invokeExact(Libc.state(), tty.number(), TIOCSCTTY, 0L),
                    "ioctl(TIOCSCTTY)", tty.toString());
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static boolean isTerminal(int fd) {
        try {
            return (int) ISATTY.get().invokeExact(Libc.state(), fd) == 1;
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Puts terminal {@code fd} in raw mode; returns its previous settings for {@link #restore}. */
    public static byte[] makeRaw(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(TERMIOS_BYTES, 4);
            Check.check((int) TCGETATTR.get().invokeExact(Libc.state(), fd, termios), "tcgetattr", "fd " + fd);
            byte[] saved = termios.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            CFMAKERAW.get().invokeExact(termios);
            Check.check((int) TCSETATTR.get().invokeExact(Libc.state(), fd, TCSANOW, termios), "tcsetattr", "fd " + fd);
            return saved;
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void restore(int fd, byte[] saved) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, saved);
            Check.check((int) TCSETATTR.get().invokeExact(Libc.state(), fd, TCSANOW, termios), "tcsetattr", "fd " + fd);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** The window size of terminal {@code fd}: rows and columns. */
    public static int[] windowSize(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(8, 2);
            Check.check((int) IOCTL_PTR.get().invokeExact(Libc.state(), fd, TIOCGWINSZ, size), "ioctl(TIOCGWINSZ)", "fd " + fd);
            return new int[] {Short.toUnsignedInt(size.get(JAVA_SHORT, 0)), Short.toUnsignedInt(size.get(JAVA_SHORT, 2))};
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void setWindowSize(Fd tty, int rows, int columns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(8, 2);
            size.set(JAVA_SHORT, 0, (short) rows);
            size.set(JAVA_SHORT, 2, (short) columns);
            Check.check((int) IOCTL_PTR.get().invokeExact(Libc.state(), tty.number(), TIOCSWINSZ, size),
                    "ioctl(TIOCSWINSZ)", tty.toString());
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }
}
