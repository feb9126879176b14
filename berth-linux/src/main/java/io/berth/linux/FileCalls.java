package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import io.berth.linux.internal.LibcFunction;
import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** File-descriptor level calls: open, *at() creation, fd plumbing. */
public final class FileCalls {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int FD_CLOEXEC = 1;
    public static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    // open(2)
    private static final LibcFunction OPEN = LibcFunction.ofInt("open");
    // openat(2)
    private static final LibcFunction OPENAT = LibcFunction.ofInt("openat");
    // mkdirat(2)
    private static final LibcFunction MKDIRAT = LibcFunction.ofInt("mkdirat");
    // mknodat(2)
    private static final LibcFunction MKNODAT = LibcFunction.ofInt("mknodat");
    // symlinkat(2)
    private static final LibcFunction SYMLINKAT = LibcFunction.ofInt("symlinkat");
    // fchownat(2)
    private static final LibcFunction FCHOWNAT = LibcFunction.ofInt("fchownat");
    // fchmod(2)
    private static final LibcFunction FCHMOD = LibcFunction.ofInt("fchmod");
    // mkfifo(3)
    private static final LibcFunction MKFIFO = LibcFunction.ofInt("mkfifo");
    // read(2)
    private static final LibcFunction READ = LibcFunction.ofLong("read");
    // write(2)
    private static final LibcFunction WRITE = LibcFunction.ofLong("write");
    // pipe2(2)
    private static final LibcFunction PIPE2 = LibcFunction.ofInt("pipe2");
    // dup3(2)
    private static final LibcFunction DUP3 = LibcFunction.ofInt("dup3");
    // fcntl(2)
    private static final LibcFunction FCNTL = LibcFunction.ofInt("fcntl");
    // fchdir(2)
    private static final LibcFunction FCHDIR = LibcFunction.ofInt("fchdir");
    // chdir(2)
    private static final LibcFunction CHDIR = LibcFunction.ofInt("chdir");
    // chroot(2)
    private static final LibcFunction CHROOT = LibcFunction.ofInt("chroot");
    // readlinkat(2)
    private static final LibcFunction READLINKAT = LibcFunction.ofLong("readlinkat");
    // umask(2)
    private static final LibcFunction UMASK = LibcFunction.ofInt("umask");
    // faccessat(2)
    private static final LibcFunction FACCESSAT = LibcFunction.ofInt("faccessat");

    private FileCalls() {}

    public static Fd open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return Fd.adopt((int) OPEN.check(path, arena.allocateFrom(path).address(), flags, mode));
        }
    }

    public static Fd openAt(Fd dir, String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return Fd.adopt((int) OPENAT.check(path, dir.number(), arena.allocateFrom(path).address(), flags, mode));
        }
    }

    /** mkdirat; returns false if the name already exists. */
    public static boolean mkdirAt(Fd dir, String name, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            long r = MKDIRAT.invoke(dir.number(), arena.allocateFrom(name).address(), mode);
            if (r == -1 && Libc.errno() == Errno.EEXIST) {
                return false;
            }
            Check.check(r, "mkdirat", name);
            return true;
        }
    }

    /** mknodat with a full mode (type bits | permissions) and a device number from makedev. */
    public static void mknodAt(Fd dir, String name, int mode, long dev) {
        try (Arena arena = Arena.ofConfined()) {
            MKNODAT.check(name, dir.number(), arena.allocateFrom(name).address(), mode, dev);
        }
    }

    public static void symlinkAt(String target, Fd dir, String name) {
        try (Arena arena = Arena.ofConfined()) {
            SYMLINKAT.check(name + " -> " + target, arena.allocateFrom(target).address(), dir.number(),
                    arena.allocateFrom(name).address());
        }
    }

    /** fchown of the fd itself (AT_EMPTY_PATH), so no path is followed. */
    public static void fchown(Fd fd, int uid, int gid) {
        try (Arena arena = Arena.ofConfined()) {
            FCHOWNAT.check(fd.toString(), fd.number(), arena.allocateFrom("").address(), uid, gid,
                    AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
        }
    }

    public static void fchmod(Fd fd, int mode) {
        FCHMOD.check(fd.toString(), fd.number(), mode);
    }

    public static void mkfifo(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MKFIFO.check(path, arena.allocateFrom(path).address(), mode);
        }
    }

    /** Reads up to {@code max} bytes; an empty array means end of file. Retries EINTR. */
    public static byte[] read(Fd fd, int max) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(max);
            long n = READ.checkRetryingEintr(fd.toString(), fd.number(), buf.address(), max);
            return buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    /** Writes all of {@code data}. Retries EINTR and short writes. */
    public static void writeAll(Fd fd, byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, data);
            long off = 0;
            while (off < data.length) {
                off += WRITE.checkRetryingEintr(fd.toString(), fd.number(), buf.address() + off, data.length - off);
            }
        }
    }

    /** pipe2; element 0 is the read end. */
    public static Fd[] pipe(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            PIPE2.check("", fds.address(), flags);
            return new Fd[] {Fd.adopt(fds.getAtIndex(JAVA_INT, 0)), Fd.adopt(fds.getAtIndex(JAVA_INT, 1))};
        }
    }

    public static void dup3(int from, int to, int flags) {
        DUP3.check(from + " -> " + to, from, to, flags);
    }

    /** A close-on-exec duplicate numbered at least {@code lowest}. */
    public static Fd dupAtLeast(int fd, int lowest) {
        return Fd.adopt((int) Check.check(FCNTL.invoke(fd, F_DUPFD_CLOEXEC, lowest), "fcntl(F_DUPFD_CLOEXEC)", "fd " + fd));
    }

    public static void setCloexec(int fd, boolean cloexec) {
        Check.check(FCNTL.invoke(fd, F_SETFD, cloexec ? FD_CLOEXEC : 0), "fcntl(F_SETFD)", "fd " + fd);
    }

    /** Whether {@code fd} is an open descriptor in this process. */
    public static boolean isOpen(int fd) {
        return FCNTL.invoke(fd, F_GETFD, 0) != -1;
    }

    /** Marks every fd from {@code first} upwards close-on-exec. */
    public static void cloexecFrom(int first) {
        RawSyscall.call("close_range", first + "..", Syscall.CLOSE_RANGE, first, 0xFFFFFFFFL, CLOSE_RANGE_CLOEXEC);
    }

    public static void fchdir(Fd dir) {
        FCHDIR.check(dir.toString(), dir.number());
    }

    public static void chdir(String path) {
        try (Arena arena = Arena.ofConfined()) {
            CHDIR.check(path, arena.allocateFrom(path).address());
        }
    }

    public static void chroot(String path) {
        try (Arena arena = Arena.ofConfined()) {
            CHROOT.check(path, arena.allocateFrom(path).address());
        }
    }

    public static String readlink(String path) {
        return readlinkAt(AT_FDCWD, path);
    }

    /** The target of the symlink {@code name} in {@code dir}; EINVAL if it is no symlink. */
    public static String readlinkAt(Fd dir, String name) {
        return readlinkAt(dir.number(), name);
    }

    private static String readlinkAt(int dir, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            long n = READLINKAT.check(name, dir, arena.allocateFrom(name).address(), buf.address(), 4096);
            return new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Sets the umask of the calling thread's fs context; returns the previous one. */
    public static int umask(int mask) {
        return (int) UMASK.invoke(mask);
    }

    /** access(2) with mode X_OK (1) and AT_EACCESS semantics off: is {@code path} executable. */
    public static boolean isExecutable(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return FACCESSAT.invoke(AT_FDCWD, arena.allocateFrom(path).address(), 1, 0) == 0;
        }
    }
}
