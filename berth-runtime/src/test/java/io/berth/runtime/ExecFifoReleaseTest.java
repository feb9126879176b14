package io.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On real FIFOs: the writer stands in for the created container's process. */
class ExecFifoReleaseTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private Path fifo;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = tmp.resolve("exec.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor() == 0, "mkfifo");
    }

    @Test
    void aDirectlySpawnedProcessIsReleasedWhenItClosesItsEnd() throws Exception {
        Thread writer = writer(null);
        assertTimeoutPreemptively(LIMIT, () -> ExecFifoRelease.release(fifo, () -> true, false, "c1"));
        writer.join();
    }

    @Test
    void anInitStageIsReleasedByItsByte() throws Exception {
        Thread writer = writer((byte) '0');
        assertTimeoutPreemptively(LIMIT, () -> ExecFifoRelease.release(fifo, () -> true, true, "c2"));
        writer.join();
    }

    @Test
    void anInitStageThatClosesWithoutItsByteWasNotStarted() throws Exception {
        Thread writer = writer(null);
        var e = assertThrows(IllegalStateException.class, () -> ExecFifoRelease.release(fifo, () -> true, true, "c3"));
        assertTrue(e.getMessage().equals("container c3 exited before it was started"), e.getMessage());
        writer.join();
    }

    @Test
    void aProcessThatDiedBeforeOpeningItsEndIsReportedNotWaitedFor() throws Exception {
        // no writer will ever come: without the watch on the process, the open would block for good
        var e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(IllegalStateException.class,
                () -> ExecFifoRelease.release(fifo, () -> false, false, "c4")));
        assertTrue(e.getMessage().equals("container c4 exited before it was started"), e.getMessage());
        writer(null).join(); // lets the reader thread left behind go
    }

    /** Opens the fifo for writing (blocking until the reader comes), writes {@code b} if given, closes it. */
    private Thread writer(Byte b) {
        return Thread.ofPlatform().start(() -> {
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                if (b != null) {
                    out.write(b);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
