package io.berth.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/** struct loop_info64 and struct loop_config from linux/loop.h. */
final class LoopStructs {
    static final int NAME_SIZE = 64;

    static final StructLayout INFO = MemoryLayout.structLayout(
            JAVA_LONG.withName("lo_device"),
            JAVA_LONG.withName("lo_inode"),
            JAVA_LONG.withName("lo_rdevice"),
            JAVA_LONG.withName("lo_offset"),
            JAVA_LONG.withName("lo_sizelimit"),
            JAVA_INT.withName("lo_number"),
            JAVA_INT.withName("lo_encrypt_type"),
            JAVA_INT.withName("lo_encrypt_key_size"),
            JAVA_INT.withName("lo_flags"),
            MemoryLayout.sequenceLayout(NAME_SIZE, JAVA_BYTE).withName("lo_file_name"),
            MemoryLayout.sequenceLayout(NAME_SIZE, JAVA_BYTE).withName("lo_crypt_name"),
            MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("lo_encrypt_key"),
            MemoryLayout.sequenceLayout(2, JAVA_LONG).withName("lo_init"));

    static final StructLayout CONFIG = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_INT.withName("block_size"),
            INFO.withName("info"),
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("__reserved"));

    static final long CONFIG_FD = CONFIG.byteOffset(groupElement("fd"));
    static final long CONFIG_INFO = CONFIG.byteOffset(groupElement("info"));
    private static final long DEVICE = INFO.byteOffset(groupElement("lo_device"));
    private static final long INODE = INFO.byteOffset(groupElement("lo_inode"));
    private static final long OFFSET = INFO.byteOffset(groupElement("lo_offset"));
    private static final long SIZE_LIMIT = INFO.byteOffset(groupElement("lo_sizelimit"));
    private static final long FLAGS = INFO.byteOffset(groupElement("lo_flags"));
    private static final long FILE_NAME = INFO.byteOffset(groupElement("lo_file_name"));

    private LoopStructs() {}

    /** Fills a zeroed loop_info64 with flags and the (truncated, NUL-terminated) file name. */
    static void fillInfo(MemorySegment info, String fileName, int flags) {
        info.set(JAVA_INT, FLAGS, flags);
        byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(name.length, NAME_SIZE - 1);
        MemorySegment.copy(name, 0, info, JAVA_BYTE, FILE_NAME, length);
    }

    static LoopStatus readInfo(int number, MemorySegment info) {
        byte[] name = info.asSlice(FILE_NAME, NAME_SIZE).toArray(JAVA_BYTE);
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new LoopStatus(number, info.get(JAVA_LONG, DEVICE), info.get(JAVA_LONG, INODE),
                info.get(JAVA_LONG, OFFSET), info.get(JAVA_LONG, SIZE_LIMIT), info.get(JAVA_INT, FLAGS),
                new String(name, 0, end, StandardCharsets.UTF_8));
    }
}
