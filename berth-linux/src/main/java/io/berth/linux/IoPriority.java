package io.berth.linux;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;

/**
 * A thread's I/O scheduling class and level (ioprio_set(2)): the class in the top bits, the
 * level (0 highest, 7 lowest) in the low 13. The kernel keeps it per thread; a child inherits
 * it, and it survives execve.
 */
public record IoPriority(int ioClass, int level) {
    public static final int CLASS_NONE = 0;
    public static final int CLASS_RT = 1;
    public static final int CLASS_BE = 2;
    public static final int CLASS_IDLE = 3;

    private static final int CLASS_SHIFT = 13;
    private static final int LEVEL_MASK = (1 << CLASS_SHIFT) - 1;
    private static final int WHO_PROCESS = 1;

    /** The value ioprio_set takes. */
    public int value() {
        return ioClass << CLASS_SHIFT | level;
    }

    /** ioprio_set(2) IOPRIO_WHO_PROCESS: thread {@code tid} (0: the calling thread). */
    public void applyTo(int tid) {
        RawSyscall.call("ioprio_set", "thread " + tid + " class " + ioClass + " level " + level,
                Syscall.IOPRIO_SET, WHO_PROCESS, tid, value());
    }

    /** ioprio_get(2) IOPRIO_WHO_PROCESS: thread {@code tid} (0: the calling thread). */
    public static IoPriority of(int tid) {
        int value = (int) RawSyscall.call("ioprio_get", "thread " + tid, Syscall.IOPRIO_GET, WHO_PROCESS, tid);
        return new IoPriority(value >>> CLASS_SHIFT, value & LEVEL_MASK);
    }
}
