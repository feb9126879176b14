package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extended attributes. The path forms are the l*xattr calls: they act on the last component
 * itself, never following a symlink there. Values are bytes (security.capability is binary).
 */
public final class Xattrs {
    // lsetxattr(2)
    private static final LibcFunction LSETXATTR = LibcFunction.ofInt("lsetxattr");
    // fsetxattr(2)
    private static final LibcFunction FSETXATTR = LibcFunction.ofInt("fsetxattr");
    // lgetxattr(2)
    private static final LibcFunction LGETXATTR = LibcFunction.ofLong("lgetxattr");
    // llistxattr(2)
    private static final LibcFunction LLISTXATTR = LibcFunction.ofLong("llistxattr");

    private Xattrs() {}

    /** Sets {@code name} on {@code path} itself (a symlink there gets the attribute, is not followed). */
    public static void set(String path, String name, byte[] value) {
        try (Arena arena = Arena.ofConfined()) {
            LSETXATTR.check(name + " on " + path, arena.allocateFrom(path).address(),
                    arena.allocateFrom(name).address(), bytes(arena, value).address(), value.length, 0);
        }
    }

    /**
     * Sets {@code name} on the entry {@code child} of the directory {@code dir}, which must be a
     * single name (no "/"); "." is the directory itself. Goes through the directory's
     * /proc/self/fd link, so only the fd's directory is trusted, never a path string.
     */
    public static void setAt(Fd dir, String child, String name, byte[] value) {
        if (child.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a single name: " + child);
        }
        set(dir.procPath() + "/" + child, name, value);
    }

    /** Sets {@code name} on the open file {@code fd}. */
    public static void set(Fd fd, String name, byte[] value) {
        try (Arena arena = Arena.ofConfined()) {
            FSETXATTR.check(name + " on " + fd, fd.number(), arena.allocateFrom(name).address(),
                    bytes(arena, value).address(), value.length, 0);
        }
    }

    /** The value of {@code name} on {@code path} itself, or empty if it has no such attribute. */
    public static Optional<byte[]> get(String path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            long cPath = arena.allocateFrom(path).address();
            long cName = arena.allocateFrom(name).address();
            while (true) {
                long size = LGETXATTR.invoke(cPath, cName, 0L, 0L);
                if (size == -1 && Libc.errno() == Errno.ENODATA) {
                    return Optional.empty();
                }
                Check.check(size, "lgetxattr", name + " on " + path);
                MemorySegment buf = arena.allocate(Math.max(size, 1));
                long n = LGETXATTR.invoke(cPath, cName, buf.address(), size);
                if (n == -1 && Libc.errno() == Errno.ERANGE) {
                    continue; // grew between the two calls
                }
                if (n == -1 && Libc.errno() == Errno.ENODATA) {
                    return Optional.empty();
                }
                Check.check(n, "lgetxattr", name + " on " + path);
                return Optional.of(buf.asSlice(0, n).toArray(JAVA_BYTE));
            }
        }
    }

    /** The attribute names on {@code path} itself. */
    public static List<String> list(String path) {
        try (Arena arena = Arena.ofConfined()) {
            long cPath = arena.allocateFrom(path).address();
            while (true) {
                long size = LLISTXATTR.check(path, cPath, 0L, 0L);
                MemorySegment buf = arena.allocate(Math.max(size, 1));
                long n = LLISTXATTR.invoke(cPath, buf.address(), size);
                if (n == -1 && Libc.errno() == Errno.ERANGE) {
                    continue;
                }
                Check.check(n, "llistxattr", path);
                return names(buf.asSlice(0, n).toArray(JAVA_BYTE));
            }
        }
    }

    private static List<String> names(byte[] list) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    private static MemorySegment bytes(Arena arena, byte[] value) {
        return value.length == 0 ? arena.allocate(1) : arena.allocateFrom(JAVA_BYTE, value);
    }
}
