package io.berth.linux;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
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
    private static final LibcFunction EMPTY = LibcFunction.ofInt("sigemptyset");
    // sigfillset(3)
    private static final LibcFunction FILL = LibcFunction.ofInt("sigfillset");
    // pthread_sigmask(3)
    private static final LibcFunction SIGMASK = LibcFunction.ofInt("pthread_sigmask");
    // sigaction(2)
    private static final LibcFunction SIGACTION = LibcFunction.ofInt("sigaction");

    private Signals() {}

    static MemorySegment emptySet(Arena arena) {
        MemorySegment set = arena.allocate(SIGSET_BYTES, 8);
        EMPTY.check("", set.address());
        return set;
    }

    static MemorySegment fullSet(Arena arena) {
        MemorySegment set = arena.allocate(SIGSET_BYTES, 8);
        FILL.check("", set.address());
        return set;
    }

    /**
     * Prepares the calling thread for execve: unblocks every signal for it and resets ignored
     * signals of the process to default, since both survive exec and the JVM sets some.
     */
    public static void resetForExec() {
        try (Arena arena = Arena.ofConfined()) {
            int err = (int) SIGMASK.invoke(SIG_SETMASK, emptySet(arena).address(), 0);
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
                if (SIGACTION.invoke(sig, 0, old.address()) != 0) {
                    continue;
                }
                if (old.get(ValueLayout.JAVA_LONG, 0) == SIG_IGN) {
                    SIGACTION.invoke(sig, dfl.address(), 0);
                }
            }
        }
    }
}
