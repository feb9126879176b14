package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
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
    private static final Libc.Lazy LSETXATTR = Libc.lazyFunction("lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    // fsetxattr(2)
    private static final Libc.Lazy FSETXATTR = Libc.lazyFunction("fsetxattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    // lgetxattr(2)
    private static final Libc.Lazy LGETXATTR = Libc.lazyFunction("lgetxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    // llistxattr(2)
    private static final Libc.Lazy LLISTXATTR = Libc.lazyFunction("llistxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));

    private Xattrs() {}

    /** Sets {@code name} on {@code path} itself (a symlink there gets the attribute, is not followed). */
    public static void set(String path, String name, byte[] value) {
        try (Arena arena = Arena.ofConfined()) {
            Check.check((int) LSETXATTR.get().invokeExact(Libc.state(), arena.allocateFrom(path),
                    arena.allocateFrom(name), bytes(arena, value), (long) value.length, 0),
                    "lsetxattr", name + " on " + path);
        } catch (Throwable t) {
            throw Check.rethrow(t);
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
            Check.check((int) FSETXATTR.get().invokeExact(Libc.state(), fd.number(), arena.allocateFrom(name),
                    bytes(arena, value), (long) value.length, 0), "fsetxattr", name + " on " + fd);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** The value of {@code name} on {@code path} itself, or empty if it has no such attribute. */
    public static Optional<byte[]> get(String path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            MemorySegment cName = arena.allocateFrom(name);
            while (true) {
                long size = (long) LGETXATTR.get().invokeExact(Libc.state(), cPath, cName, MemorySegment.NULL, 0L);
                if (size == -1 && Libc.errno() == Errno.ENODATA) {
                    return Optional.empty();
                }
                Check.check(size, "lgetxattr", name + " on " + path);
                MemorySegment buf = arena.allocate(Math.max(size, 1));
                long n = (long) LGETXATTR.get().invokeExact(Libc.state(), cPath, cName, buf, size);
                if (n == -1 && Libc.errno() == Errno.ERANGE) {
                    continue; // grew between the two calls
                }
                if (n == -1 && Libc.errno() == Errno.ENODATA) {
                    return Optional.empty();
                }
                Check.check(n, "lgetxattr", name + " on " + path);
                return Optional.of(buf.asSlice(0, n).toArray(JAVA_BYTE));
            }
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** The attribute names on {@code path} itself. */
    public static List<String> list(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            while (true) {
                long size = Check.check((long) LLISTXATTR.get().invokeExact(Libc.state(), cPath,
                        MemorySegment.NULL, 0L), "llistxattr", path);
                MemorySegment buf = arena.allocate(Math.max(size, 1));
                long n = (long) LLISTXATTR.get().invokeExact(Libc.state(), cPath, buf, size);
                if (n == -1 && Libc.errno() == Errno.ERANGE) {
                    continue;
                }
                Check.check(n, "llistxattr", path);
                return names(buf.asSlice(0, n).toArray(JAVA_BYTE));
            }
        } catch (Throwable t) {
            throw Check.rethrow(t);
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
