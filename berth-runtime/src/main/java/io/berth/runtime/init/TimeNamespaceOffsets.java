package io.berth.runtime.init;

import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Processes;
import io.berth.linux.Signal;
import io.berth.linux.SpawnAction;
import io.berth.linux.SpawnRequest;
import io.berth.linux.SyscallException;
import io.berth.runtime.spec.Linux;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * linux.timeOffsets for a time namespace that stage 0's thread has just unshared. The kernel
 * takes them only through /proc/PID/timens_offsets of a thread-group leader whose namespace for
 * children is the new one, and only until a process enters it, which happens at that process's
 * execve. Our thread is no leader, but posix_spawn's child is: a last file action opens a FIFO
 * and holds the child there, not yet exec'd, while we write its offsets and then let it go.
 */
final class TimeNamespaceOffsets {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private TimeNamespaceOffsets() {}

    /**
     * Runs {@code spawn} (which unshares the time namespace and spawns {@code request}, given
     * back with the hold added) on a new thread, sets {@code offsets} in the child's namespace
     * and returns the child's pid once it has exec'd. On failure no child is left.
     */
    static int spawnWith(Map<String, Linux.TimeOffset> offsets, SpawnRequest request,
                         java.util.function.Function<SpawnRequest, Callable<Integer>> spawn) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("berth-timens-"); // 0700: only we can open the FIFO
            Path gate = dir.resolve("gate");
            FileCalls.mkfifo(gate.toString(), 0600);
            PendingSpawn pending = PendingSpawn.start("berth-ns-spawn", spawn.apply(held(request, gate)));
            int child = pending.awaitChild();
            try {
                write(child, offsets);
                release(gate, pending);
                return pending.await();
            } catch (RuntimeException e) {
                Processes.kill(child, Signal.SIGKILL.number());
                try {
                    pending.await();
                } catch (RuntimeException spawnFailed) {
                    // the kill made it fail: ours is the error to report
                }
                try {
                    Processes.waitFor(child);
                } catch (SyscallException reaped) {
                    // posix_spawn reaped it
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the time namespace offsets", e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("gate"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a stray empty temp dir is all that is left
                }
            }
        }
    }

    /** The request with the hold as its last file actions, on the first fd it closed. */
    private static SpawnRequest held(SpawnRequest request, Path gate) {
        int fd = -1;
        for (SpawnAction action : request.actions()) {
            if (action instanceof SpawnAction.CloseFrom(int first)) {
                fd = first;
            }
        }
        if (fd < 0) {
            throw new IllegalStateException("the spawn closes no fds, so none is free to hold it with");
        }
        List<SpawnAction> actions = new ArrayList<>(request.actions());
        actions.add(new SpawnAction.Open(fd, gate.toString(), FileCalls.O_RDONLY, 0));
        actions.add(new SpawnAction.Close(fd));
        return new SpawnRequest(request.path(), request.argv(), request.env(), actions, request.newSession());
    }

    /** One write: the kernel takes the whole set or nothing. */
    private static void write(int child, Map<String, Linux.TimeOffset> offsets) {
        StringBuilder text = new StringBuilder();
        offsets.forEach((clock, offset) ->
                text.append(clock).append(' ').append(offset.secs()).append(' ').append(offset.nanosecs()).append('\n'));
        Path file = Path.of("/proc", Integer.toString(child), "timens_offsets");
        try (Fd fd = FileCalls.open(file.toString(), FileCalls.O_WRONLY | FileCalls.O_CLOEXEC, 0)) {
            FileCalls.writeAll(fd, text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (SyscallException e) {
            String why = e.is(Errno.ERANGE) ? " (an offset may not set a clock back before zero)" : "";
            throw new IllegalStateException("/linux/timeOffsets: the kernel refused "
                    + text.toString().strip().replace('\n', ';') + ": " + e.getMessage() + why, e);
        }
    }

    /**
     * Opens the FIFO's write end once the child waits at its read end (until then, a
     * non-blocking open fails with ENXIO), which lets the child's open return.
     */
    private static void release(Path gate, PendingSpawn pending) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true) {
            pending.throwIfFailed();
            try {
                FileCalls.open(gate.toString(), FileCalls.O_WRONLY | FileCalls.O_NONBLOCK | FileCalls.O_CLOEXEC, 0)
                        .close();
                return;
            } catch (SyscallException e) {
                if (!e.is(Errno.ENXIO)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the spawned process did not reach its time namespace hold within 10s");
            }
            LockSupport.parkNanos(20_000);
        }
    }
}
