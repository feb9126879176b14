package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Pseudo-terminals (pty(7)) through ioctl(2) on a ptmx fd. */
public final class Terminals {
    private static final long TIOCSCTTY = 0x540E;
    private static final long TIOCSWINSZ = 0x5414;
    private static final long TIOCGWINSZ = 0x5413;
    private static final long TERMIOS_BYTES = 60;
    private static final int TCSANOW = 0;

    // tcgetattr(3)
    private static final LibcFunction TCGETATTR = LibcFunction.ofInt("tcgetattr");
    // tcsetattr(3)
    private static final LibcFunction TCSETATTR = LibcFunction.ofInt("tcsetattr");
    // cfmakeraw(3)
    private static final LibcFunction CFMAKERAW = LibcFunction.ofInt("cfmakeraw");
    // isatty(3)
    private static final LibcFunction ISATTY = LibcFunction.ofInt("isatty");
    private static final long TIOCSPTLCK = 0x40045431L;
    private static final long TIOCGPTPEER = 0x5441;

    // ioctl_tty(2): ioctl(2) with an int or a pointer argument
    private static final LibcFunction IOCTL = LibcFunction.ofInt("ioctl");

    private Terminals() {}

    /** Unlocks the pty whose master is {@code master} and opens its peer (TIOCGPTPEER). */
    public static Fd openPeer(Fd master) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zero = arena.allocate(JAVA_INT);
            Check.check(IOCTL.invoke(master.number(), TIOCSPTLCK, zero.address()),
                    "ioctl(TIOCSPTLCK)", master.toString());
            return Fd.adopt((int) Check.check(IOCTL.invoke(master.number(), TIOCGPTPEER,
                    FileCalls.O_RDWR | FileCalls.O_NOCTTY), "ioctl(TIOCGPTPEER)", master.toString()));
        }
    }

    /** Makes {@code tty} the controlling terminal of the caller's session. */
    public static void setControlling(Fd tty) {
        Check.check(IOCTL.invoke(tty.number(), TIOCSCTTY, 0L), "ioctl(TIOCSCTTY)", tty.toString());
    }

    public static boolean isTerminal(int fd) {
        return ISATTY.invoke(fd) == 1;
    }

    /** Puts terminal {@code fd} in raw mode; returns its previous settings for {@link #restore}. */
    public static byte[] makeRaw(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(TERMIOS_BYTES, 4);
            TCGETATTR.check("fd " + fd, fd, termios.address());
            byte[] saved = termios.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            CFMAKERAW.invoke(termios.address());
            TCSETATTR.check("fd " + fd, fd, TCSANOW, termios.address());
            return saved;
        }
    }

    public static void restore(int fd, byte[] saved) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, saved);
            TCSETATTR.check("fd " + fd, fd, TCSANOW, termios.address());
        }
    }

    /** The window size of terminal {@code fd}: rows and columns. */
    public static int[] windowSize(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(8, 2);
            Check.check(IOCTL.invoke(fd, TIOCGWINSZ, size.address()), "ioctl(TIOCGWINSZ)", "fd " + fd);
            return new int[] {Short.toUnsignedInt(size.get(JAVA_SHORT, 0)), Short.toUnsignedInt(size.get(JAVA_SHORT, 2))};
        }
    }

    public static void setWindowSize(Fd tty, int rows, int columns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(8, 2);
            size.set(JAVA_SHORT, 0, (short) rows);
            size.set(JAVA_SHORT, 2, (short) columns);
            Check.check(IOCTL.invoke(tty.number(), TIOCSWINSZ, size.address()), "ioctl(TIOCSWINSZ)", tty.toString());
        }
    }
}
