package io.berth.linux;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;

/** Directory entries as links to inodes: linkat(2) adds a name, unlinkat(2) removes one. */
public final class Links {
    /** For {@link #linkAt}: follow {@code oldName} if it is a symlink (by default the symlink itself is linked). */
    public static final int AT_SYMLINK_FOLLOW = 0x400;

    // linkat(2)
    private static final LibcFunction LINKAT = LibcFunction.ofInt("linkat");
    // unlinkat(2)
    private static final LibcFunction UNLINKAT = LibcFunction.ofInt("unlinkat");

    private Links() {}

    /**
     * Gives the inode named {@code oldName} in {@code oldDir} the extra name {@code newName} in
     * {@code newDir}. With flags 0 a symlink is linked itself, never followed.
     */
    public static void linkAt(Fd oldDir, String oldName, Fd newDir, String newName, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            LINKAT.check(newName + " => " + oldName, oldDir.number(), arena.allocateFrom(oldName).address(),
                    newDir.number(), arena.allocateFrom(newName).address(), flags);
        }
    }

    /** Removes {@code name} from {@code dir}; {@link FileCalls#AT_REMOVEDIR} for an (empty) directory. */
    public static void unlinkAt(Fd dir, String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            UNLINKAT.check(name, dir.number(), arena.allocateFrom(name).address(), flags);
        }
    }
}
