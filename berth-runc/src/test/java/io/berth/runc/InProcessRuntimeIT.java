package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Processes;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.CreateOptions;
import io.berth.runtime.ExecOptions;
import io.berth.runtime.seccomp.SeccompProgramCache;
import io.berth.runtime.spec.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime library used the way an engine daemon uses it: one {@link ContainerRuntime} in one
 * long-lived JVM (this test's), container after container. Each container must get its own
 * isolation, and the JVM must end holding what it held before: no fds, mounts or child
 * processes left behind, and a failed create must leave it serving.
 */
class InProcessRuntimeIT extends ContainerTest {
    private static final int CONTAINERS = 20;

    private ContainerRuntime runtime;
    private final List<String> warnings = new ArrayList<>();

    private final SeccompProgramCache seccompPrograms = new SeccompProgramCache(4);

    @BeforeEach
    void runtime() {
        runtime = new ContainerRuntime(fx.root, warnings::add, message -> {}, seccompPrograms);
    }

    @Test
    void containerAfterContainerEachIsIsolatedAndNothingIsLeftBehind() throws Exception {
        // exit 7 only if the container is pid 1 of its own pid namespace, with its own hostname
        Path bundle = fx.bundle(c -> {
            c.put("hostname", "warm-box");
            RuncFixture.args(c, "sh", "-c", "test $$ = 1 && test \"$(hostname)\" = warm-box && exit 7; exit 1");
        });
        Path sleeper = fx.bundle(c -> {
            c.put("hostname", "warm-box");
            RuncFixture.args(c, "sleep", "300");
        });
        run(bundle); // the first use loads and links what every later one reuses
        Footprint before = Footprint.now();

        for (int i = 0; i < CONTAINERS; i++) {
            assertEquals(7, run(bundle), "container " + i);
        }
        String id = fx.id();
        ContainerRuntime.Created running = runtime.create(id, new CreateOptions(sleeper, null, 0, false, false));
        runtime.start(id);
        Process base = runtime.spec(id).process();
        Process probe = base.withArgs(List.of("sh", "-c",
                "test \"$(hostname)\" = warm-box && test \"$(cat /proc/1/comm)\" = sleep && exit 9; exit 1"));
        for (int i = 0; i < CONTAINERS; i++) {
            int pid = runtime.exec(id, probe, new ExecOptions(null, 0, null, false, false));
            assertEquals(9, Processes.waitFor(pid).shellCode(), "exec " + i);
        }
        runtime.delete(id, true);
        // its parent reaps it, as a daemon's monitor of the container would
        assertEquals(137, Processes.waitFor(running.childPid()).shellCode(), "killed by delete --force");

        assertEquals(before, Footprint.now(), "what this JVM holds after " + CONTAINERS + " containers and execs");
        assertEquals(List.of(), runtime.list(), "every container was deleted");
        assertEquals(List.of(), warnings);
    }

    @Test
    void containersWithTheSameSeccompProfileShareOneCompiledProgramAndEachIsFiltered() throws Exception {
        // exit 6 only if the process is under a filter and mkdir is refused with EPERM
        Path bundle = fx.bundle(c -> {
            ObjectNodes.seccompDenyingMkdir(c);
            RuncFixture.args(c, "sh", "-c", "grep -q 'Seccomp:.2' /proc/self/status || exit 1;"
                    + " mkdir /tmp/d$$ 2>&1 | grep -q 'Operation not permitted' || exit 2; exit 6");
        });
        for (int i = 0; i < 3; i++) {
            assertEquals(6, run(bundle), "container " + i);
        }
        assertEquals(1, seccompPrograms.misses(), "compiled for the first container only");
        assertEquals(2, seccompPrograms.hits());
    }

    @Test
    void aFailedCreateNamesTheProblemAndTheRuntimeKeepsServing() throws Exception {
        Path bundle = fx.bundle(c -> RuncFixture.args(c, "sh", "-c", "exit 3"));
        assertEquals(3, run(bundle));
        Footprint before = Footprint.now();

        Path broken = fx.bundle(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("root"))
                .put("path", fx.dir.resolve("no-such-rootfs").toString()));
        String id = fx.id();
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> runtime.create(id, new CreateOptions(broken, null, 0, false, false)));
        assertTrue(String.valueOf(e.getMessage()).contains("no-such-rootfs"), "the error names the root: " + e);

        assertEquals(List.of(), runtime.list(), "nothing of the failed container is left");
        assertEquals(3, run(bundle), "the same runtime still runs containers");
        assertEquals(before, Footprint.now());
    }

    /** create, start, wait, delete, as `berth-runc run`; returns the exit status. */
    private int run(Path bundle) {
        String id = fx.id();
        ContainerRuntime.Created created = runtime.create(id, new CreateOptions(bundle, null, 0, false, false));
        try {
            runtime.start(id);
            return Processes.waitFor(created.childPid()).shellCode();
        } finally {
            runtime.delete(id, true);
        }
    }

    /** This JVM's open fds, its mounts, and its children (zombies included), from /proc/self. */
    private record Footprint(long fds, long mounts, List<String> children) {
        static Footprint now() throws IOException {
            long fds;
            try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
                fds = list.count() - 1; // the listing's own
            }
            long mounts;
            try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
                mounts = lines.count();
            }
            List<String> children = new ArrayList<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String pids = Files.readString(task.resolve("children")).strip();
                        if (!pids.isEmpty()) {
                            children.addAll(List.of(pids.split(" ")));
                        }
                    } catch (NoSuchFileException gone) {
                        // a thread that ended while we looked
                    }
                }
            }
            return new Footprint(fds, mounts, children);
        }
    }
}
