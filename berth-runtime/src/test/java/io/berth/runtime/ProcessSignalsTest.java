package io.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Signal;
import io.berth.runtime.state.ProcessIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On real processes: `sleep` children stand in for a container's init. */
class ProcessSignalsTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void termAndKillReachTheProcessThatStartedThen() throws Exception {
        for (Signal signal : new Signal[] {Signal.SIGTERM, Signal.SIGKILL, Signal.SIGUSR1}) {
            Process p = sleeper();
            long start = ProcessIdentity.startTime((int) p.pid());
            assertTrue(ProcessSignals.send((int) p.pid(), start, 0), "signal 0: it runs");
            assertTrue(ProcessSignals.send((int) p.pid(), start, signal.number()), signal.name());
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), signal + " ended it");
            assertEquals(128 + signal.number(), p.exitValue(), "ended by " + signal);
            assertFalse(ProcessSignals.send((int) p.pid(), start, signal.number()), "an ended process is not signalled");
            assertFalse(ProcessSignals.send((int) p.pid(), start, 0));
        }
    }

    @Test
    void aProcessWithAnotherStartTimeIsLeftAlone() throws Exception {
        // what a reused pid looks like: the pid is alive, but not the process the container had
        for (Signal signal : new Signal[] {Signal.SIGTERM, Signal.SIGKILL, Signal.SIGUSR1}) {
            Process p = sleeper();
            long other = ProcessIdentity.startTime((int) p.pid()) - 1;
            assertFalse(ProcessSignals.send((int) p.pid(), other, signal.number()), signal.name());
            assertFalse(p.waitFor(200, TimeUnit.MILLISECONDS), "still running after " + signal);
        }
    }

    @Test
    void pidsFromACgroupAreSignalledWithoutAStartTime() throws Exception {
        Process p = sleeper();
        assertTrue(ProcessSignals.sendUnpinned((int) p.pid(), Signal.SIGKILL.number()));
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertFalse(ProcessSignals.sendUnpinned((int) p.pid(), Signal.SIGKILL.number()), "gone");
    }

    private Process sleeper() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        started.add(p);
        return p;
    }
}
