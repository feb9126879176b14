package io.berth.linux;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;

/** The CPUs a thread may run on (sched_setaffinity(2)); children inherit the set. */
public final class CpuAffinity {
    // the kernel's own limit on this architecture family is far below this (CONFIG_NR_CPUS)
    private static final int MASK_BYTES = 1024;

    // sched_setaffinity(2)
    private static final LibcFunction SET = LibcFunction.ofInt("sched_setaffinity");
    // sched_getaffinity(2)
    private static final LibcFunction GET = LibcFunction.ofInt("sched_getaffinity");

    private CpuAffinity() {}

    /** Restricts thread {@code tid} (0: the calling thread) to {@code cpus}. */
    public static void set(int tid, BitSet cpus) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            byte[] bytes = cpus.toByteArray(); // little-endian bit order, as cpu_set_t
            if (bytes.length > MASK_BYTES) {
                throw new IllegalArgumentException("CPU " + cpus.length() + " is beyond " + MASK_BYTES * 8);
            }
            MemorySegment.copy(bytes, 0, mask, ValueLayout.JAVA_BYTE, 0, bytes.length);
            SET.check("thread " + tid + " cpus " + cpus, tid, MASK_BYTES, mask.address());
        }
    }

    /** The CPUs thread {@code tid} (0: the calling thread) may run on. */
    public static BitSet of(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            GET.check("thread " + tid, tid, MASK_BYTES, mask.address());
            return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
