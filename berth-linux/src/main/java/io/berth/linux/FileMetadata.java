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
    private static final Libc.Lazy FCHOWNAT = Libc.lazyFunction("fchownat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    // fchmodat(2)
    private static final Libc.Lazy FCHMODAT = Libc.lazyFunction("fchmodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    // utimensat(2)
    private static final Libc.Lazy UTIMENSAT = Libc.lazyFunction("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    // futimens(3)
    private static final Libc.Lazy FUTIMENS = Libc.lazyFunction("futimens",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    // statx(2)
    private static final Libc.Lazy STATX = Libc.lazyFunction("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

    private FileMetadata() {}

    /** lchown of {@code name} in {@code dir}. */
    public static void chownAt(Fd dir, String name, int uid, int gid) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) FCHOWNAT.get().invokeExact(Libc.state(), dir.number(), arena.allocateFrom(name),
                    uid, gid, FileCalls.AT_SYMLINK_NOFOLLOW), "fchownat", name + " to " + uid + ":" + gid);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /**
     * Sets all 12 permission bits (setuid, setgid and sticky included) of {@code name}, which the
     * caller knows is not a symlink. Call it after chown: chown clears setuid and setgid.
     */
    public static void chmodAt(Fd dir, String name, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) FCHMODAT.get().invokeExact(Libc.state(), dir.number(), arena.allocateFrom(name),
                    mode & 07777, 0), "fchmodat", name + " to " + Integer.toOctalString(mode & 07777));
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Sets access and modification time of {@code name} itself (a symlink's own times). */
    public static void setTimesAt(Fd dir, String name, Instant atime, Instant mtime) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) UTIMENSAT.get().invokeExact(Libc.state(), dir.number(), arena.allocateFrom(name),
                    timespecs(arena, atime, mtime), FileCalls.AT_SYMLINK_NOFOLLOW), "utimensat", name);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Sets access and modification time of the open file {@code fd}. */
    public static void setTimes(Fd fd, Instant atime, Instant mtime) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) FUTIMENS.get().invokeExact(Libc.state(), fd.number(), timespecs(arena, atime, mtime)),
                    "futimens", fd.toString());
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** statx of {@code name} itself in {@code dir}; "." is the directory. */
    public static FileStatus statAt(Fd dir, String name) {
        return statAtIfExists(dir, name).orElseThrow(
                () -> new SyscallException("statx", name, Errno.ENOENT));
    }

    /** Like {@link #statAt}, empty when {@code name} does not exist. */
    public static Optional<FileStatus> statAtIfExists(Fd dir, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATX_SIZE, 8);
            int r = (int) STATX.get().invokeExact(Libc.state(), dir.number(), arena.allocateFrom(name),
                    FileCalls.AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf);
            if (r == -1 && Libc.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            Check.check(r, "statx", name);
            return Optional.of(status(buf));
        } catch (Throwable t) {
            throw Check.rethrow(t);
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
