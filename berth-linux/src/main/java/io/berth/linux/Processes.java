package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import io.berth.linux.internal.LibcFunction;
import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/** Process calls: signals, waiting, pidfds, exec, sessions. */
public final class Processes {
    private static final int WNOHANG = 1;

    // kill(2)
    private static final LibcFunction KILL = LibcFunction.ofInt("kill");
    // waitpid(2)
    private static final LibcFunction WAITPID = LibcFunction.ofInt("waitpid");
    // _exit(2)
    private static final LibcFunction EXIT = LibcFunction.ofInt("_exit");
    // execve(2)
    private static final LibcFunction EXECVE = LibcFunction.ofInt("execve");
    // setsid(2)
    private static final LibcFunction SETSID = LibcFunction.ofInt("setsid");
    // getpid(2)
    private static final LibcFunction GETPID = LibcFunction.ofInt("getpid");

    private Processes() {}

    public static int pid() {
        return (int) GETPID.invoke();
    }

    /** gettid(2): the calling thread's id. */
    public static int tid() {
        return (int) RawSyscall.call("gettid", "", Syscall.GETTID);
    }

    /**
     * Ends the process at once: no shutdown hooks, no JVM teardown. The JVM's own exit waits up
     * to 300 ms for threads blocked in native code, such as a posix_spawn caller whose child is
     * still waiting on the exec fifo, so a process that has made downcalls leaves by _exit(2).
     * One that has not (state, list, start, kill, delete) has no such thread, and linking the first downcall
     * costs ~30 ms, so it halts the JVM instead. Flush what must be written first.
     */
    public static void exitNow(int status) {
        if (downcallLinked()) {
            EXIT.invoke(status);
        }
        Runtime.getRuntime().halt(status);
    }

    /**
     * Whether this JVM has linked its downcall handle. An AOT training run calls it in place
     * of {@link #exitNow}, which would end the JVM before it writes its cache: so the classes
     * every command loads on its way out are in the cache too (from the jar they cost ~5 ms).
     */
    public static boolean downcallLinked() {
        return Libc.Linked.done;
    }

    /** kill(2); returns false if the process does not exist (ESRCH). */
    public static boolean kill(int pid, int signal) {
        long r = KILL.invoke(pid, signal);
        if (r == -1 && Libc.errno() == Errno.ESRCH) {
            return false;
        }
        Check.check(r, "kill", "pid " + pid + " signal " + signal);
        return true;
    }

    /** Blocks until the child {@code pid} ends. */
    public static ExitStatus waitFor(int pid) {
        return waitpid(pid, 0).orElseThrow();
    }

    /** Reaps the child if it has ended; empty while it runs. */
    public static Optional<ExitStatus> poll(int pid) {
        return waitpid(pid, WNOHANG);
    }

    private static Optional<ExitStatus> waitpid(int pid, int options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            long r = WAITPID.checkRetryingEintr("pid " + pid, pid, status.address(), options);
            return r == 0 ? Optional.empty() : Optional.of(ExitStatus.decode(status.get(JAVA_INT, 0)));
        }
    }

    /** pidfd_open(2): a handle that keeps naming this process even after its pid is reused. */
    public static Fd pidfdOpen(int pid) {
        return Fd.adopt((int) RawSyscall.call("pidfd_open", "pid " + pid, Syscall.PIDFD_OPEN, pid, 0));
    }

    /** pidfd_send_signal(2); returns false if the process has ended (ESRCH). */
    public static boolean signal(Fd pidfd, int signal) {
        long r = RawSyscall.callOrErrno(Syscall.PIDFD_SEND_SIGNAL, pidfd.number(), signal, 0, 0);
        if (r == -Errno.ESRCH) {
            return false;
        }
        if (r < 0) {
            throw new SyscallException("pidfd_send_signal", pidfd + " signal " + signal, (int) -r);
        }
        return true;
    }

    /** setsid(2) */
    public static void newSession() {
        SETSID.check("");
    }

    /**
     * execve(2) from the calling thread: the whole process becomes {@code path}, with this
     * thread's namespaces, credentials and seccomp filter. Returns only by throwing.
     */
    public static void exec(String path, List<String> argv, List<String> env) {
        try (Arena arena = Arena.ofConfined()) {
            EXECVE.check(path, arena.allocateFrom(path).address(), CStrings.array(arena, argv).address(),
                    CStrings.array(arena, env).address());
            throw new IllegalStateException("execve returned");
        }
    }
}
