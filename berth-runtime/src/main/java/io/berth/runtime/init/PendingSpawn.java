package io.berth.runtime.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A posix_spawn on a throwaway thread whose child the caller acts on before the spawn returns:
 * glibc's posix_spawn blocks until its child execs, and a file action that opens a FIFO holds
 * the child, not yet exec'd, for as long as the caller needs.
 */
final class PendingSpawn {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private final AtomicInteger tid = new AtomicInteger();
    private final AtomicReference<Object> result = new AtomicReference<>();
    private final Thread thread;

    private PendingSpawn(String name, Callable<Integer> spawn) {
        // a daemon: a caller that is done may exit while the spawn still waits on its FIFO
        thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            try {
                tid.set(io.berth.linux.Processes.tid());
                result.set(spawn.call());
            } catch (Throwable t) {
                result.set(t);
            }
        });
    }

    /** Starts {@code spawn} (which returns the child's pid) on a new thread named {@code name}. */
    static PendingSpawn start(String name, Callable<Integer> spawn) {
        PendingSpawn pending = new PendingSpawn(name, spawn);
        pending.thread.start();
        return pending;
    }

    /** The child's pid as soon as it is cloned: it appears in its thread's children list. */
    int awaitChild() {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        PollBackoff backoff = new PollBackoff();
        while (true) {
            throwIfFailed();
            int spawner = tid.get();
            if (spawner != 0) {
                String children = read(Path.of("/proc/self/task/" + spawner + "/children"));
                if (!children.isBlank()) {
                    return Integer.parseInt(children.trim().split(" ")[0]);
                }
            }
            if (result.get() instanceof Integer pid) {
                return pid; // already exec'd
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the spawned process did not appear within 10s");
            }
            backoff.pause();
        }
    }

    /** Throws why the spawn failed, if it has. */
    void throwIfFailed() {
        if (result.get() instanceof Throwable t) {
            throw t instanceof RuntimeException e ? e : new IllegalStateException("cannot spawn: " + t, t);
        }
    }

    /** Waits for the spawn to return and gives its pid, or throws why it failed. */
    int await() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while spawning", e);
        }
        throwIfFailed();
        return (Integer) result.get();
    }

    /** Kills {@code child} (which this spawn made), waits for the spawn and reaps the child. */
    void abandon(int child) {
        io.berth.linux.Processes.kill(child, io.berth.linux.Signal.SIGKILL.number());
        try {
            await();
        } catch (RuntimeException spawnFailed) {
            // the kill made it fail
        }
        try {
            io.berth.linux.Processes.waitFor(child);
        } catch (io.berth.linux.SyscallException reaped) {
            // posix_spawn reaped it
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
