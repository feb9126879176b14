package io.berth.linux;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A thread's CPU scheduling policy and its parameters, as struct sched_attr carries them
 * (sched_setattr(2)): the nice value for the normal policies, the static priority for the
 * real-time ones, runtime/deadline/period in nanoseconds for SCHED_DEADLINE.
 */
public record SchedulingPolicy(int policy, long flags, int nice, int priority, long runtime, long deadline,
                               long period) {
    public static final int SCHED_OTHER = 0;
    public static final int SCHED_FIFO = 1;
    public static final int SCHED_RR = 2;
    public static final int SCHED_BATCH = 3;
    public static final int SCHED_ISO = 4;
    public static final int SCHED_IDLE = 5;
    public static final int SCHED_DEADLINE = 6;

    public static final long FLAG_RESET_ON_FORK = 0x01;
    public static final long FLAG_RECLAIM = 0x02;
    public static final long FLAG_DL_OVERRUN = 0x04;
    public static final long FLAG_KEEP_POLICY = 0x08;
    public static final long FLAG_KEEP_PARAMS = 0x10;
    public static final long FLAG_UTIL_CLAMP_MIN = 0x20;
    public static final long FLAG_UTIL_CLAMP_MAX = 0x40;

    // SCHED_ATTR_SIZE_VER1: the utilization clamps included (zero), which the clamp flags need
    private static final int SIZE = 56;

    /** sched_setattr(2): thread {@code tid} (0: the calling thread). */
    public void applyTo(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(SIZE, 8);
            attr.set(ValueLayout.JAVA_INT, 0, SIZE);
            attr.set(ValueLayout.JAVA_INT, 4, policy);
            attr.set(ValueLayout.JAVA_LONG, 8, flags);
            attr.set(ValueLayout.JAVA_INT, 16, nice);
            attr.set(ValueLayout.JAVA_INT, 20, priority);
            attr.set(ValueLayout.JAVA_LONG, 24, runtime);
            attr.set(ValueLayout.JAVA_LONG, 32, deadline);
            attr.set(ValueLayout.JAVA_LONG, 40, period);
            RawSyscall.call("sched_setattr", "thread " + tid + " policy " + policy, Syscall.SCHED_SETATTR, tid,
                    attr.address(), 0);
        }
    }

    /** sched_getattr(2): thread {@code tid} (0: the calling thread). */
    public static SchedulingPolicy of(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(SIZE, 8);
            RawSyscall.call("sched_getattr", "thread " + tid, Syscall.SCHED_GETATTR, tid, attr.address(), SIZE, 0);
            return new SchedulingPolicy(attr.get(ValueLayout.JAVA_INT, 4), attr.get(ValueLayout.JAVA_LONG, 8),
                    attr.get(ValueLayout.JAVA_INT, 16), attr.get(ValueLayout.JAVA_INT, 20),
                    attr.get(ValueLayout.JAVA_LONG, 24), attr.get(ValueLayout.JAVA_LONG, 32),
                    attr.get(ValueLayout.JAVA_LONG, 40));
        }
    }
}
