package io.berth.runtime.init;

import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.SpawnAction;
import io.berth.linux.SpawnRequest;
import io.berth.linux.SyscallException;
import io.berth.runtime.spec.Linux;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * linux.timeOffsets for a time namespace that stage 0's thread has just unshared. The kernel
 * takes them only through /proc/PID/timens_offsets of a thread-group leader whose namespace for
 * children is the new one, and only until a process enters it, which happens at that process's
 * execve. Our thread is no leader, but posix_spawn's child is: a last file action opens a FIFO
 * and holds the child there, not yet exec'd, while we write its offsets and then let it go.
 */
final class TimeNamespaceOffsets {
    private TimeNamespaceOffsets() {}

    /**
     * Runs {@code spawn} (which unshares the time namespace and spawns {@code request}, given
     * back with the hold added) on a new thread, sets {@code offsets} in the child's namespace
     * and returns the child's pid once it has exec'd. On failure no child is left.
     */
    static int spawnWith(Map<String, Linux.TimeOffset> offsets, SpawnRequest request,
                         java.util.function.Function<SpawnRequest, Callable<Integer>> spawn) {
        try (SpawnHold hold = SpawnHold.inTempDirectory()) {
            PendingSpawn pending = PendingSpawn.start("berth-ns-spawn", spawn.apply(held(request, hold.path())));
            int child = pending.awaitChild();
            try {
                write(child, offsets);
                hold.release(pending);
                return pending.await();
            } catch (RuntimeException e) {
                pending.abandon(child);
                throw e;
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
}
