package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Optional;

/**
 * Owner, permissions and times of a directory entry named relative to a directory fd, and
 * statx(2). Every call acts on the entry itself: a symlink there is never followed, except by
 * {@link #chmodAt}, which Linux cannot apply to a symlink and so must only get other entries.
 */
public final class FileMetadata {
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_SIZE = 256;

    // fchownat(2)
    private static final LibcFunction FCHOWNAT = LibcFunction.ofInt("fchownat");
    // fchmodat(2)
    private static final LibcFunction FCHMODAT = LibcFunction.ofInt("fchmodat");
    // utimensat(2)
    private static final LibcFunction UTIMENSAT = LibcFunction.ofInt("utimensat");
    // futimens(3)
    private static final LibcFunction FUTIMENS = LibcFunction.ofInt("futimens");
    // statx(2)
    private static final LibcFunction STATX = LibcFunction.ofInt("statx");

    private FileMetadata() {}

    /** lchown of {@code name} in {@code dir}. */
    public static void chownAt(Fd dir, String name, int uid, int gid) {
        try (Arena arena = Arena.ofConfined()) {
            FCHOWNAT.check(name + " to " + uid + ":" + gid, dir.number(), arena.allocateFrom(name).address(),
                    uid, gid, FileCalls.AT_SYMLINK_NOFOLLOW);
        }
    }

    /**
     * Sets all 12 permission bits (setuid, setgid and sticky included) of {@code name}, which the
     * caller knows is not a symlink. Call it after chown: chown clears setuid and setgid.
     */
    public static void chmodAt(Fd dir, String name, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            FCHMODAT.check(name + " to " + Integer.toOctalString(mode & 07777), dir.number(),
                    arena.allocateFrom(name).address(), mode & 07777, 0);
        }
    }

    /** Sets access and modification time of {@code name} itself (a symlink's own times). */
    public static void setTimesAt(Fd dir, String name, Instant atime, Instant mtime) {
        try (Arena arena = Arena.ofConfined()) {
            UTIMENSAT.check(name, dir.number(), arena.allocateFrom(name).address(),
                    timespecs(arena, atime, mtime).address(), FileCalls.AT_SYMLINK_NOFOLLOW);
        }
    }

    /** Sets access and modification time of the open file {@code fd}. */
    public static void setTimes(Fd fd, Instant atime, Instant mtime) {
        try (Arena arena = Arena.ofConfined()) {
            FUTIMENS.check(fd.toString(), fd.number(), timespecs(arena, atime, mtime).address());
        }
    }

    /** statx of {@code name} itself in {@code dir}; "." is the directory. */
    public static FileStatus statAt(Fd dir, String name) {
        return statAtIfExists(dir, name).orElseThrow(
                () -> new SyscallException("statx", name, Errno.ENOENT));
    }

    /** statx of what {@code fd} itself refers to (AT_EMPTY_PATH): an O_PATH fd, a detached mount. */
    public static FileStatus stat(Fd fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATX_SIZE, 8);
            STATX.check(fd.toString(), fd.number(), arena.allocateFrom("").address(),
                    FileCalls.AT_EMPTY_PATH | FileCalls.AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf.address());
            return status(buf);
        }
    }

    /** Like {@link #statAt}, empty when {@code name} does not exist. */
    public static Optional<FileStatus> statAtIfExists(Fd dir, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATX_SIZE, 8);
            long r = STATX.invoke(dir.number(), arena.allocateFrom(name).address(),
                    FileCalls.AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf.address());
            if (r == -1 && Libc.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            Check.check(r, "statx", name);
            return Optional.of(status(buf));
        }
    }

    // struct statx: see statx(2); the layout is the same on every architecture
    private static FileStatus status(MemorySegment b) {
        return new FileStatus(
                Short.toUnsignedInt(b.get(JAVA_SHORT, 28)),
                b.get(JAVA_INT, 20), b.get(JAVA_INT, 24),
                b.get(JAVA_LONG, 40), b.get(JAVA_LONG, 32), b.get(JAVA_INT, 16),
                b.get(JAVA_INT, 128), b.get(JAVA_INT, 132),
                Instant.ofEpochSecond(b.get(JAVA_LONG, 64), Integer.toUnsignedLong(b.get(JAVA_INT, 72))),
                Instant.ofEpochSecond(b.get(JAVA_LONG, 112), Integer.toUnsignedLong(b.get(JAVA_INT, 120))));
    }

    // struct timespec times[2] = { atime, mtime }: two (long tv_sec, long tv_nsec) pairs
    private static MemorySegment timespecs(Arena arena, Instant atime, Instant mtime) {
        MemorySegment ts = arena.allocate(32, 8);
        ts.set(JAVA_LONG, 0, atime.getEpochSecond());
        ts.set(JAVA_LONG, 8, atime.getNano());
        ts.set(JAVA_LONG, 16, mtime.getEpochSecond());
        ts.set(JAVA_LONG, 24, mtime.getNano());
        return ts;
    }
}
