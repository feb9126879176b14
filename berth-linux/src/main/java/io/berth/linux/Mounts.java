package io.berth.linux;

import io.berth.linux.internal.LibcFunction;
import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;

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
    private static final LibcFunction MOUNT = LibcFunction.ofInt("mount");
    // umount2(2)
    private static final LibcFunction UMOUNT2 = LibcFunction.ofInt("umount2");

    private Mounts() {}

    /** mount(2); {@code source}, {@code type} and {@code data} may be null. */
    public static void mount(String source, String target, String type, long flags, String data) {
        try (Arena arena = Arena.ofConfined()) {
            MOUNT.check(describe(source, target, type, data), string(arena, source),
                    arena.allocateFrom(target).address(), string(arena, type), flags, string(arena, data));
        }
    }

    public static void unmount(String target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            UMOUNT2.check(target, arena.allocateFrom(target).address(), flags);
        }
    }

    public static void pivotRoot(String newRoot, String putOld) {
        try (Arena arena = Arena.ofConfined()) {
            // pivot_root(2)
            RawSyscall.call("pivot_root", newRoot + ", " + putOld, Syscall.PIVOT_ROOT,
                    arena.allocateFrom(newRoot).address(), arena.allocateFrom(putOld).address());
        }
    }

    private static long string(Arena arena, String s) {
        return s == null ? 0 : arena.allocateFrom(s).address();
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
