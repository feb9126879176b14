package io.berth.runtime;

import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.Processes;
import io.berth.linux.Signal;
import io.berth.linux.SyscallException;
import io.berth.runtime.state.ProcessIdentity;
import java.util.Optional;

/**
 * Signals to a container's processes. SIGTERM and SIGKILL, nearly all that engines send, go
 * through {@link ProcessHandle}: it pins the process by the start time it read, as a pidfd
 * would, and needs no FFM downcall, whose first link costs a short-lived `kill` or `delete`
 * ~25 ms. Other signals go through a pidfd (pidfd_send_signal(2)). Signal 0 only asks.
 */
final class ProcessSignals {
    private ProcessSignals() {}

    /** Sends {@code signal} to the process that started at {@code startTime}; false if it has ended. */
    static boolean send(int pid, long startTime, int signal) {
        if (signal == 0) {
            return ProcessIdentity.isAlive(pid, startTime);
        }
        if (signal == Signal.SIGTERM.number() || signal == Signal.SIGKILL.number()) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            // checked after the handle was taken: the start time it holds is then our process's,
            // and it is checked once more right before kill(2)
            if (handle.isEmpty() || !ProcessIdentity.isAlive(pid, startTime)) {
                return false;
            }
            boolean sent = signal == Signal.SIGKILL.number() ? handle.get().destroyForcibly() : handle.get().destroy();
            if (!sent && ProcessIdentity.isAlive(pid, startTime)) {
                throw new IllegalStateException("cannot send signal " + signal + " to process " + pid);
            }
            return sent;
        }
        try (Fd pidfd = Processes.pidfdOpen(pid)) {
            // the pidfd pins the process; check it is still ours before signalling
            return ProcessIdentity.isAlive(pid, startTime) && Processes.signal(pidfd, signal);
        } catch (SyscallException e) {
            if (e.is(Errno.ESRCH)) {
                return false;
            }
            throw e;
        }
    }

    /** For pids read from a cgroup, with no start time to pin them by (as kill(2)); false if gone. */
    static boolean sendUnpinned(int pid, int signal) {
        return send(pid, ProcessIdentity.startTime(pid), signal);
    }
}
