package io.berth.linux;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Opens a path below a directory without following any symlink on the way: openat2(2) with
 * RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS. For trees whose symlinks are data to be kept, not
 * routes to take (an image layer being unpacked): a symlink anywhere in the path fails with
 * ELOOP, a ".." or absolute path that would leave the directory with EXDEV.
 * {@link RootedPaths} is the variant that follows symlinks as if the directory were "/".
 */
public final class BeneathPaths {
    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;

    private BeneathPaths() {}

    /** Opens {@code path} (relative, without symlinks) below {@code dir}; no O_CREAT. */
    public static Fd openBeneath(Fd dir, String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            // struct open_how { u64 flags; u64 mode; u64 resolve; }
            MemorySegment how = arena.allocate(24, 8);
            how.set(ValueLayout.JAVA_LONG, 0, flags & ~FileCalls.O_CREAT);
            how.set(ValueLayout.JAVA_LONG, 8, 0);
            how.set(ValueLayout.JAVA_LONG, 16, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
            MemorySegment name = arena.allocateFrom(path);
            // openat2(2)
            long fd = RawSyscall.call("openat2", path, Syscall.OPENAT2,
                    dir.number(), name.address(), how.address(), 24);
            return Fd.adopt((int) fd);
        }
    }
}
