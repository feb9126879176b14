package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/** Resource limits (getrlimit(2)); numbers as the kernel defines them. */
public enum Rlimit {
    RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE, RLIMIT_RSS, RLIMIT_NPROC,
    RLIMIT_NOFILE, RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_LOCKS, RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE,
    RLIMIT_NICE, RLIMIT_RTPRIO, RLIMIT_RTTIME;

    /** RLIM_INFINITY */
    public static final long INFINITY = -1L;

    // prlimit(2)
    private static final Libc.Lazy PRLIMIT = Libc.lazyFunction("prlimit",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** Sets this limit for process {@code pid} (0: the caller's process). */
    public void set(int pid, long soft, long hard) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(16, 8);
            limit.set(JAVA_LONG, 0, soft);
            limit.set(JAVA_LONG, 8, hard);
            Check.check((int) PRLIMIT.get().invokeExact(Libc.state(), pid, ordinal(), limit, MemorySegment.NULL),
                    "prlimit", name() + " soft=" + unsigned(soft) + " hard=" + unsigned(hard));
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** The hard limit of process {@code pid} (0: the caller's process). */
    public long hard(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(16, 8);
            Check.check((int) PRLIMIT.get().invokeExact(Libc.state(), pid, ordinal(), MemorySegment.NULL, limit),
                    "prlimit", name());
            return limit.get(JAVA_LONG, 8);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    private static String unsigned(long v) {
        return v == INFINITY ? "unlimited" : Long.toUnsignedString(v);
    }
}
