package io.berth.linux;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The one way to open a path inside a directory that must act as "/": openat2(2) with
 * RESOLVE_IN_ROOT, so ".." and absolute symlinks cannot leave it.
 */
public final class RootedPaths {
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_IN_ROOT = 0x10;

    private RootedPaths() {}

    /** Opens {@code path} as if {@code root} were "/". */
    public static Fd openInRoot(Fd root, String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            // struct open_how { u64 flags; u64 mode; u64 resolve; }
            MemorySegment how = arena.allocate(24, 8);
            how.set(ValueLayout.JAVA_LONG, 0, flags);
            how.set(ValueLayout.JAVA_LONG, 8, (flags & FileCalls.O_CREAT) != 0 ? mode : 0);
            how.set(ValueLayout.JAVA_LONG, 16, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
            MemorySegment name = arena.allocateFrom(path);
            // openat2(2)
            long fd = RawSyscall.call("openat2", path, Syscall.OPENAT2,
                    root.number(), name.address(), how.address(), 24);
            return Fd.adopt((int) fd);
        }
    }
}
