package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.SyscallNumbers;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
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
    private static final Libc.Lazy OPEN = Libc.lazyVariadic("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    // openat(2)
    private static final Libc.Lazy OPENAT = Libc.lazyVariadic("openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    // mkdirat(2)
    private static final Libc.Lazy MKDIRAT = Libc.lazyFunction("mkdirat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    // mknodat(2)
    private static final Libc.Lazy MKNODAT = Libc.lazyFunction("mknodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    // symlinkat(2)
    private static final Libc.Lazy SYMLINKAT = Libc.lazyFunction("symlinkat",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    // fchownat(2)
    private static final Libc.Lazy FCHOWNAT = Libc.lazyFunction("fchownat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    // fchmod(2)
    private static final Libc.Lazy FCHMOD = Libc.lazyFunction("fchmod",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    // mkfifo(3)
    private static final Libc.Lazy MKFIFO = Libc.lazyFunction("mkfifo",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // read(2)
    private static final Libc.Lazy READ = Libc.lazyFunction("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    // write(2)
    private static final Libc.Lazy WRITE = Libc.lazyFunction("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    // pipe2(2)
    private static final Libc.Lazy PIPE2 = Libc.lazyFunction("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // dup3(2)
    private static final Libc.Lazy DUP3 = Libc.lazyFunction("dup3",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    // fcntl(2)
    private static final Libc.Lazy FCNTL = Libc.lazyVariadic("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);
    // fchdir(2)
    private static final Libc.Lazy FCHDIR = Libc.lazyFunction("fchdir",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // chdir(2)
    private static final Libc.Lazy CHDIR = Libc.lazyFunction("chdir",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // chroot(2)
    private static final Libc.Lazy CHROOT = Libc.lazyFunction("chroot",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // readlink(2)
    private static final Libc.Lazy READLINK = Libc.lazyFunction("readlink",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    // umask(2)
    private static final Libc.Lazy UMASK = Libc.lazyFunction("umask",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // faccessat(2)
    private static final Libc.Lazy FACCESSAT = Libc.lazyFunction("faccessat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private FileCalls() {}

    public static Fd open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return Fd.adopt(Check.check((int) OPEN.get().invokeExact(Libc.state(),
                    arena.allocateFrom(path), flags, mode), "open", path));
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static Fd openAt(Fd dir, String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return Fd.adopt(Check.check((int) OPENAT.get().invokeExact(Libc.state(), dir.number(),
                    arena.allocateFrom(path), flags, mode), "openat", path));
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** mkdirat; returns false if the name already exists. */
    public static boolean mkdirAt(Fd dir, String name, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) MKDIRAT.get().invokeExact(Libc.state(), dir.number(), arena.allocateFrom(name), mode);
            if (r == -1 && Libc.errno() == Errno.EEXIST) {
                return false;
            }
            Check.check(r, "mkdirat", name);
            return true;
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** mknodat with a full mode (type bits | permissions) and a device number from makedev. */
    public static void mknodAt(Fd dir, String name, int mode, long dev) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) MKNODAT.get().invokeExact(Libc.state(), dir.number(),
                    arena.allocateFrom(name), mode, dev), "mknodat", name);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void symlinkAt(String target, Fd dir, String name) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) SYMLINKAT.get().invokeExact(Libc.state(), arena.allocateFrom(target),
                    dir.number(), arena.allocateFrom(name)), "symlinkat", name + " -> " + target);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** fchown of the fd itself (AT_EMPTY_PATH), so no path is followed. */
    public static void fchown(Fd fd, int uid, int gid) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) FCHOWNAT.get().invokeExact(Libc.state(), fd.number(), arena.allocateFrom(""),
                    uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), "fchownat", fd.toString());
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void fchmod(Fd fd, int mode) {
        try {
            Check.check((int) FCHMOD.get().invokeExact(Libc.state(), fd.number(), mode), "fchmod", fd.toString());
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void mkfifo(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) MKFIFO.get().invokeExact(Libc.state(), arena.allocateFrom(path), mode), "mkfifo", path);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Reads up to {@code max} bytes; an empty array means end of file. Retries EINTR. */
    public static byte[] read(Fd fd, int max) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(max);
            while (true) {
                long n = (long) READ.get().invokeExact(Libc.state(), fd.number(), buf, (long) max);
                if (n == -1 && Libc.errno() == Errno.EINTR) {
                    continue;
                }
                Check.check(n, "read", fd.toString());
                return buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            }
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Writes all of {@code data}. Retries EINTR and short writes. */
    public static void writeAll(Fd fd, byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, data);
            long off = 0;
            while (off < data.length) {
                long n = (long) WRITE.get().invokeExact(Libc.state(), fd.number(), buf.asSlice(off),
                        (long) data.length - off);
                if (n == -1 && Libc.errno() == Errno.EINTR) {
                    continue;
                }
                off += Check.check(n, "write", fd.toString());
            }
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** pipe2; element 0 is the read end. */
    public static Fd[] pipe(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            Check.check((int) PIPE2.get().invokeExact(Libc.state(), fds, flags), "pipe2", "");
            return new Fd[] {Fd.adopt(fds.getAtIndex(JAVA_INT, 0)), Fd.adopt(fds.getAtIndex(JAVA_INT, 1))};
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void dup3(int from, int to, int flags) {
        try {
            Check.check((int) DUP3.get().invokeExact(Libc.state(), from, to, flags), "dup3", from + " -> " + to);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** A close-on-exec duplicate numbered at least {@code lowest}. */
    public static Fd dupAtLeast(int fd, int lowest) {
        try {
            return Fd.adopt(Check.check((int) FCNTL.get().invokeExact(Libc.state(), fd, F_DUPFD_CLOEXEC, lowest),
                    "fcntl(F_DUPFD_CLOEXEC)", "fd " + fd));
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void setCloexec(int fd, boolean cloexec) {
        try {
            Check.check((int) FCNTL.get().invokeExact(Libc.state(), fd, F_SETFD, cloexec ? FD_CLOEXEC : 0),
                    "fcntl(F_SETFD)", "fd " + fd);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Whether {@code fd} is an open descriptor in this process. */
    public static boolean isOpen(int fd) {
        try {
            return (int) FCNTL.get().invokeExact(Libc.state(), fd, F_GETFD, 0) != -1;
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Marks every fd from {@code first} upwards close-on-exec. */
    public static void cloexecFrom(int first) {
        RawSyscall.call("close_range", first + "..", SyscallNumbers.HOST.closeRange(),
                first, 0xFFFFFFFFL, CLOSE_RANGE_CLOEXEC);
    }

    public static void fchdir(Fd dir) {
        try {
            Check.check((int) FCHDIR.get().invokeExact(Libc.state(), dir.number()), "fchdir", dir.toString());
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void chdir(String path) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) CHDIR.get().invokeExact(Libc.state(), arena.allocateFrom(path)), "chdir", path);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void chroot(String path) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) CHROOT.get().invokeExact(Libc.state(), arena.allocateFrom(path)), "chroot", path);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static String readlink(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            long n = Check.check((long) READLINK.get().invokeExact(Libc.state(), arena.allocateFrom(path), buf, 4096L),
                    "readlink", path);
            return new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Sets the umask of the calling thread's fs context; returns the previous one. */
    public static int umask(int mask) {
        try {
            return (int) UMASK.get().invokeExact(Libc.state(), mask);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** access(2) with mode X_OK (1) and AT_EACCESS semantics off: is {@code path} executable. */
    public static boolean isExecutable(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) FACCESSAT.get().invokeExact(Libc.state(), AT_FDCWD, arena.allocateFrom(path), 1, 0) == 0;
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }
}
