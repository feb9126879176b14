package io.berth.linux;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The new mount API's detached mounts: a clone of a tree held by an fd (open_tree), changed
 * before anyone can see it (mount_setattr: id mapping), then attached (move_mount). Needed for
 * id-mapped mounts, which only a mount not yet attached may become.
 */
public final class DetachedMounts {
    private static final int OPEN_TREE_CLONE = 1;
    private static final int AT_RECURSIVE = 0x8000;
    private static final long MOUNT_ATTR_IDMAP = 0x00100000;
    private static final int MOVE_MOUNT_F_EMPTY_PATH = 0x04;
    private static final int MOVE_MOUNT_T_EMPTY_PATH = 0x40;
    private static final int MOUNT_ATTR_SIZE_VER0 = 32;

    private DetachedMounts() {}

    /** A detached copy of the mount at {@code path} (with its submounts if {@code recursive}). */
    public static Fd cloneTree(String path, boolean recursive) {
        try (Arena arena = Arena.ofConfined()) {
            // open_tree(2)
            long fd = RawSyscall.call("open_tree", path, Syscall.OPEN_TREE, FileCalls.AT_FDCWD,
                    arena.allocateFrom(path).address(),
                    OPEN_TREE_CLONE | FileCalls.O_CLOEXEC | (recursive ? AT_RECURSIVE : 0));
            return Fd.adopt((int) fd);
        }
    }

    /**
     * Makes the detached {@code tree} (and its submounts if {@code recursive}) show file owners
     * through the id maps of {@code userNamespace}: an id {@code containerID} on disk is seen as
     * {@code hostID}. EINVAL: the filesystem cannot be id-mapped, or the tree is already attached.
     */
    public static void idmap(Fd tree, Fd userNamespace, boolean recursive, String subject) {
        try (Arena arena = Arena.ofConfined()) {
            // struct mount_attr { u64 attr_set; u64 attr_clr; u64 propagation; u64 userns_fd; }
            MemorySegment attr = arena.allocate(MOUNT_ATTR_SIZE_VER0, 8);
            attr.set(ValueLayout.JAVA_LONG, 0, MOUNT_ATTR_IDMAP);
            attr.set(ValueLayout.JAVA_LONG, 24, userNamespace.number());
            // mount_setattr(2)
            RawSyscall.call("mount_setattr", subject, Syscall.MOUNT_SETATTR, tree.number(),
                    arena.allocateFrom("").address(), FileCalls.AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0),
                    attr.address(), MOUNT_ATTR_SIZE_VER0);
        }
    }

    /** Attaches the detached {@code tree} on the directory or file {@code target} refers to. */
    public static void attach(Fd tree, Fd target, String subject) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment empty = arena.allocateFrom("");
            // move_mount(2)
            RawSyscall.call("move_mount", subject, Syscall.MOVE_MOUNT, tree.number(), empty.address(),
                    target.number(), empty.address(), MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
        }
    }
}
