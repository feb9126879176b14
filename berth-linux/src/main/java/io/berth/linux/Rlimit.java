package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Resource limits (getrlimit(2)); numbers as the kernel defines them. */
public enum Rlimit {
    RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE, RLIMIT_RSS, RLIMIT_NPROC,
    RLIMIT_NOFILE, RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_LOCKS, RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE,
    RLIMIT_NICE, RLIMIT_RTPRIO, RLIMIT_RTTIME;

    /** RLIM_INFINITY */
    public static final long INFINITY = -1L;

    // prlimit(2)
    private static final LibcFunction PRLIMIT = LibcFunction.ofInt("prlimit");

    /** Sets this limit for process {@code pid} (0: the caller's process). */
    public void set(int pid, long soft, long hard) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(16, 8);
            limit.set(JAVA_LONG, 0, soft);
            limit.set(JAVA_LONG, 8, hard);
            PRLIMIT.check(name() + " soft=" + unsigned(soft) + " hard=" + unsigned(hard),
                    pid, ordinal(), limit.address(), 0);
        }
    }

    /** The hard limit of process {@code pid} (0: the caller's process). */
    public long hard(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(16, 8);
            PRLIMIT.check(name(), pid, ordinal(), 0, limit.address());
            return limit.get(JAVA_LONG, 8);
        }
    }

    private static String unsigned(long v) {
        return v == INFINITY ? "unlimited" : Long.toUnsignedString(v);
    }
}
