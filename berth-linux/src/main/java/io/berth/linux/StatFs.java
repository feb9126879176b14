package io.berth.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * statfs(2) and fstatfs(2): df-like numbers, inodes included, which java.nio.file.FileStore
 * does not give. The layout is the 64-bit one (x86_64, aarch64), where every field is a long.
 */
public final class StatFs {
    private static final StructLayout STATFS = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_type"),
            JAVA_LONG.withName("f_bsize"),
            JAVA_LONG.withName("f_blocks"),
            JAVA_LONG.withName("f_bfree"),
            JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"),
            JAVA_LONG.withName("f_ffree"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("f_fsid"),
            JAVA_LONG.withName("f_namelen"),
            JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_flags"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("f_spare"));

    // statfs(2)
    private static final LibcFunction STATFS_CALL = LibcFunction.ofInt("statfs");
    // fstatfs(2)
    private static final LibcFunction FSTATFS = LibcFunction.ofInt("fstatfs");

    private StatFs() {}

    /** The file system that holds {@code path}. */
    public static FileSystemStats of(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATFS);
            STATFS_CALL.check(path, arena.allocateFrom(path).address(), buf.address());
            return read(buf);
        }
    }

    /** The file system that holds the file open as {@code fd}. */
    public static FileSystemStats of(Fd fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATFS);
            FSTATFS.check(fd.toString(), fd.number(), buf.address());
            return read(buf);
        }
    }

    private static FileSystemStats read(MemorySegment buf) {
        return new FileSystemStats(field(buf, "f_type"), field(buf, "f_bsize"), field(buf, "f_frsize"),
                field(buf, "f_blocks"), field(buf, "f_bfree"), field(buf, "f_bavail"), field(buf, "f_files"),
                field(buf, "f_ffree"), field(buf, "f_namelen"), field(buf, "f_flags"));
    }

    private static long field(MemorySegment buf, String name) {
        return buf.get(JAVA_LONG, STATFS.byteOffset(groupElement(name)));
    }
}
