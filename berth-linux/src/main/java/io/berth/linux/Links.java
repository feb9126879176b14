package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;

/** Directory entries as links to inodes: linkat(2) adds a name, unlinkat(2) removes one. */
public final class Links {
    /** For {@link #linkAt}: follow {@code oldName} if it is a symlink (by default the symlink itself is linked). */
    public static final int AT_SYMLINK_FOLLOW = 0x400;

    // linkat(2)
    private static final Libc.Lazy LINKAT = Libc.lazyFunction("linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    // unlinkat(2)
    private static final Libc.Lazy UNLINKAT = Libc.lazyFunction("unlinkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private Links() {}

    /**
     * Gives the inode named {@code oldName} in {@code oldDir} the extra name {@code newName} in
     * {@code newDir}. With flags 0 a symlink is linked itself, never followed.
     */
    public static void linkAt(Fd oldDir, String oldName, Fd newDir, String newName, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) LINKAT.get().invokeExact(Libc.state(), oldDir.number(), arena.allocateFrom(oldName),
                    newDir.number(), arena.allocateFrom(newName), flags), "linkat", newName + " => " + oldName);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Removes {@code name} from {@code dir}; {@link FileCalls#AT_REMOVEDIR} for an (empty) directory. */
    public static void unlinkAt(Fd dir, String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) UNLINKAT.get().invokeExact(Libc.state(), dir.number(), arena.allocateFrom(name), flags),
                    "unlinkat", name);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }
}
