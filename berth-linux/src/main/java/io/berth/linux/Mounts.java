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

/** mount(2), umount2(2), pivot_root(2). Targets are usually /proc/self/fd/N of a rooted fd. */
public final class Mounts {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOSYMFOLLOW = 256;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final long MS_LAZYTIME = 1 << 25;
    public static final long PROPAGATION = MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE;
    public static final int MNT_DETACH = 2;

    // mount(2)
    private static final Libc.Lazy MOUNT = Libc.lazyFunction("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    // umount2(2)
    private static final Libc.Lazy UMOUNT2 = Libc.lazyFunction("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private Mounts() {}

    /** mount(2); {@code source}, {@code type} and {@code data} may be null. */
    public static void mount(String source, String target, String type, long flags, String data) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) MOUNT.get().invokeExact(Libc.state(), string(arena, source), arena.allocateFrom(target),
                    string(arena, type), flags, string(arena, data));
            Check.check(r, "mount", describe(source, target, type, data));
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void unmount(String target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) UMOUNT2.get().invokeExact(Libc.state(), arena.allocateFrom(target), flags),
                    "umount2", target);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    public static void pivotRoot(String newRoot, String putOld) {
        try (Arena arena = Arena.ofConfined()) {
            // pivot_root(2)
            RawSyscall.call("pivot_root", newRoot + ", " + putOld, SyscallNumbers.HOST.pivotRoot(),
                    arena.allocateFrom(newRoot).address(), arena.allocateFrom(putOld).address());
        }
    }

    private static MemorySegment string(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    private static String describe(String source, String target, String type, String data) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            sb.append(source).append(" on ");
        }
        sb.append(target);
        if (type != null) {
            sb.append(" type ").append(type);
        }
        if (data != null && !data.isEmpty()) {
            sb.append(" (").append(data).append(')');
        }
        return sb.toString();
    }
}
