package io.berth.runtime.init;

import io.berth.linux.Errno;
import io.berth.linux.FileCalls;
import io.berth.linux.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A FIFO that holds a posix_spawn child at a file action that opens it for reading, before
 * exec, until {@link #release} opens the other end. Lets the caller act on a child that has not
 * yet run anything of its own. Closing removes the FIFO (and the directory made for it).
 */
final class SpawnHold implements AutoCloseable {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private final Path fifo;
    private final boolean ownDirectory;

    private SpawnHold(Path fifo, boolean ownDirectory) {
        this.fifo = fifo;
        this.ownDirectory = ownDirectory;
    }

    /** In a new private temp directory, for a child that still runs as root. */
    static SpawnHold inTempDirectory() {
        try {
            Path dir = Files.createTempDirectory("berth-hold-"); // 0700: only we can open the FIFO
            return make(dir.resolve("hold"), "rw-------", true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for a spawn hold", e);
        }
    }

    /**
     * In {@code dir} (searchable, not listable, by others), for a child that already runs as
     * the workload's user: anyone may open the FIFO for reading, which releases nothing; only
     * root may open it for writing.
     */
    static SpawnHold in(Path dir) {
        return make(dir.resolve("hold-" + ProcessHandle.current().pid() + "-" + System.nanoTime()), "rw----r--", false);
    }

    private static SpawnHold make(Path fifo, String permissions, boolean ownDirectory) {
        FileCalls.mkfifo(fifo.toString(), 0600);
        try {
            // exactly these, whatever our umask
            Files.setPosixFilePermissions(fifo, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the mode of " + fifo, e);
        }
        return new SpawnHold(fifo, ownDirectory);
    }

    Path path() {
        return fifo;
    }

    /**
     * Opens the write end once the child waits at the read end (until then a non-blocking
     * open fails with ENXIO), which lets the child's open return.
     */
    void release(PendingSpawn pending) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        PollBackoff backoff = new PollBackoff();
        while (true) {
            pending.throwIfFailed();
            try {
                FileCalls.open(fifo.toString(), FileCalls.O_WRONLY | FileCalls.O_NONBLOCK | FileCalls.O_CLOEXEC, 0)
                        .close();
                return;
            } catch (SyscallException e) {
                if (!e.is(Errno.ENXIO)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the spawned process did not reach its hold within 10s");
            }
            backoff.pause();
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(fifo);
            if (ownDirectory) {
                Files.deleteIfExists(fifo.getParent());
            }
        } catch (IOException ignored) {
            // a stray FIFO in a directory of ours is all that is left
        }
    }
}
