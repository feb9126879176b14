package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.SyscallNumbers;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/** Process calls: signals, waiting, pidfds, exec, sessions. */
public final class Processes {
    private static final int WNOHANG = 1;

    // kill(2)
    private static final Libc.Lazy KILL = Libc.lazyFunction("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    // waitpid(2)
    private static final Libc.Lazy WAITPID = Libc.lazyFunction("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    // _exit(2)
    private static final Libc.Lazy EXIT = Libc.lazyPlain("_exit",
            FunctionDescriptor.ofVoid(JAVA_INT));
    // execve(2)
    private static final Libc.Lazy EXECVE = Libc.lazyFunction("execve",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    // setsid(2)
    private static final Libc.Lazy SETSID = Libc.lazyFunction("setsid", FunctionDescriptor.of(JAVA_INT));
    // getpid(2)
    private static final Libc.Lazy GETPID = Libc.lazyFunction("getpid", FunctionDescriptor.of(JAVA_INT));

    private Processes() {}

    public static int pid() {
        try {
            return (int) GETPID.get().invokeExact(Libc.state());
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** gettid(2): the calling thread's id. */
    public static int tid() {
        return (int) RawSyscall.call("gettid", "", SyscallNumbers.HOST.gettid());
    }

    /**
     * Ends the process at once: no shutdown hooks, no JVM teardown. The JVM's own exit waits up
     * to 300 ms for threads blocked in native code, such as a posix_spawn caller whose child is
     * still waiting on the exec fifo. Flush what must be written first.
     */
    public static void exitNow(int status) {
        try {
            EXIT.get().invokeExact(status);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** kill(2); returns false if the process does not exist (ESRCH). */
    public static boolean kill(int pid, int signal) {
        try {
            int r = (int) KILL.get().invokeExact(Libc.state(), pid, signal);
            if (r == -1 && Libc.errno() == Errno.ESRCH) {
                return false;
            }
            Check.check(r, "kill", "pid " + pid + " signal " + signal);
            return true;
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
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
            while (true) {
                int r = (int) WAITPID.get().invokeExact(Libc.state(), pid, status, options);
                if (r == -1 && Libc.errno() == Errno.EINTR) {
                    continue;
                }
                Check.check(r, "waitpid", "pid " + pid);
                return r == 0 ? Optional.empty() : Optional.of(ExitStatus.decode(status.get(JAVA_INT, 0)));
            }
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** pidfd_open(2): a handle that keeps naming this process even after its pid is reused. */
    public static Fd pidfdOpen(int pid) {
        return Fd.adopt((int) RawSyscall.call("pidfd_open", "pid " + pid, SyscallNumbers.HOST.pidfdOpen(), pid, 0));
    }

    /** pidfd_send_signal(2); returns false if the process has ended (ESRCH). */
    public static boolean signal(Fd pidfd, int signal) {
        long r = RawSyscall.callOrErrno(SyscallNumbers.HOST.pidfdSendSignal(), pidfd.number(), signal, 0, 0);
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
        try {
            Check.check((int) SETSID.get().invokeExact(Libc.state()), "setsid", "");
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /**
     * execve(2) from the calling thread: the whole process becomes {@code path}, with this
     * thread's namespaces, credentials and seccomp filter. Returns only by throwing.
     */
    public static void exec(String path, List<String> argv, List<String> env) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) EXECVE.get().invokeExact(Libc.state(), arena.allocateFrom(path),
                    CStrings.array(arena, argv), CStrings.array(arena, env));
            Check.check(r, "execve", path);
            throw new IllegalStateException("execve returned");
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }
}
