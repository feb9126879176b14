package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Signal sets, masks and dispositions. */
public final class Signals {
    private static final long SIGSET_BYTES = 128;
    private static final long SIGACTION_BYTES = 152;
    private static final int SIG_SETMASK = 2;
    private static final long SIG_IGN = 1;
    private static final long SIG_DFL = 0;

    // sigemptyset(3)
    private static final Libc.Lazy EMPTY = Libc.lazyFunction("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // sigfillset(3)
    private static final Libc.Lazy FILL = Libc.lazyFunction("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // pthread_sigmask(3)
    private static final Libc.Lazy SIGMASK = Libc.lazyPlain("pthread_sigmask",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // sigaction(2)
    private static final Libc.Lazy SIGACTION = Libc.lazyFunction("sigaction",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private Signals() {}

    static MemorySegment emptySet(Arena arena) throws Throwable {
        MemorySegment set = arena.allocate(SIGSET_BYTES, 8);
        Check.check((int) EMPTY.get().invokeExact(Libc.state(), set), "sigemptyset", "");
        return set;
    }

    static MemorySegment fullSet(Arena arena) throws Throwable {
        MemorySegment set = arena.allocate(SIGSET_BYTES, 8);
        Check.check((int) FILL.get().invokeExact(Libc.state(), set), "sigfillset", "");
        return set;
    }

    /**
     * Prepares the calling thread for execve: unblocks every signal for it and resets ignored
     * signals of the process to default, since both survive exec and the JVM sets some.
     */
    public static void resetForExec() {
        try (Arena arena = Arena.ofConfined()) {
            int err = (int) SIGMASK.get().invokeExact(SIG_SETMASK, emptySet(arena), MemorySegment.NULL);
            if (err != 0) {
                throw new SyscallException("pthread_sigmask", "SIG_SETMASK", err);
            }
            MemorySegment old = arena.allocate(SIGACTION_BYTES, 8);
            MemorySegment dfl = arena.allocate(SIGACTION_BYTES, 8);
            dfl.set(ValueLayout.JAVA_LONG, 0, SIG_DFL);
            for (int sig = 1; sig < 65; sig++) {
                if (sig == Signal.SIGKILL.number() || sig == Signal.SIGSTOP.number() || sig == 32 || sig == 33) {
                    continue;
                }
                if ((int) SIGACTION.get().invokeExact(Libc.state(), sig, MemorySegment.NULL, old) != 0) {
                    continue;
                }
                if (old.get(ValueLayout.JAVA_LONG, 0) == SIG_IGN) {
                    int ignored = (int) SIGACTION.get().invokeExact(Libc.state(), sig, dfl, MemorySegment.NULL);
                }
            }
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }
}
