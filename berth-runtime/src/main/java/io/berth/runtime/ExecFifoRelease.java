package io.berth.runtime;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * `start`: opens a created container's exec fifo for reading, which lets its process, blocked
 * opening the other end for writing, go on to exec the workload.
 *
 * <p>With Java's own blocking open rather than open(2) with O_NONBLOCK through FFM: linking the
 * first downcall would cost `start` ~25 ms, and none is needed. Since the process waits in its
 * open, ours returns at once. It would block for good only if the process died after `start`
 * saw it created, so a daemon thread opens and reads while the caller watches the process.
 */
final class ExecFifoRelease {
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long a process seen dead may still have been the writer our open is returning for. */
    private static final long LAST_CHANCE_MILLIS = 200;

    private ExecFifoRelease() {}

    /**
     * Returns once the process has been released. {@code byteExpected}: an init stage writes a
     * byte before it closes its end; a directly spawned process only opens and closes it (EOF).
     */
    static void release(Path fifo, BooleanSupplier alive, boolean byteExpected, String id) {
        CompletableFuture<Integer> read = new CompletableFuture<>();
        AtomicBoolean opened = new AtomicBoolean();
        Thread.ofPlatform().daemon().name("exec-fifo-" + id).start(() -> {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                opened.set(true);
                read.complete(in.read());
            } catch (IOException | RuntimeException e) {
                read.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (true) {
            Integer got = await(read, 1);
            if (got == null && !opened.get() && !alive.getAsBoolean()) {
                got = await(read, LAST_CHANCE_MILLIS); // it may have opened its end just before it ended
                if (got == null) {
                    throw new IllegalStateException("container " + id + " exited before it was started");
                }
            }
            if (got != null) {
                if (byteExpected && got < 0) {
                    throw new IllegalStateException("container " + id + " exited before it was started");
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("container " + id + " did not start within 30s");
            }
        }
    }

    /** The byte read (-1 at end of file), or null if the read has not finished within {@code millis}. */
    private static Integer await(CompletableFuture<Integer> read, long millis) {
        try {
            return read.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the exec fifo: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the container", e);
        }
    }
}
