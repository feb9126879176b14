package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.BusyboxRootfs;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A private containerd (Debian's, with its containerd-shim-runc-v2) drives berth-runc through
 * {@code ctr run --runc-binary}. Every runtime state lives under one temporary directory: the
 * daemon's root and state, its socket, the runtime's --root (--runc-root) and the IO fifos. The
 * same scenarios run with the real runc as setup checks, so a failure there points at the host,
 * not at berth-runc.
 */
@RequiresRoot
class ContainerdIT {
    private static final Duration CTR_TIMEOUT = Duration.ofSeconds(90);

    private Path dir;
    private Path rootfs;
    private PrivateContainerd containerd;
    private final List<String> ids = new ArrayList<>();

    private List<Path> cgroupParentsBefore;

    @BeforeEach
    void startContainerd() throws Exception {
        cgroupParentsBefore = EngineSupport.cgroupParents("default");
        dir = Files.createTempDirectory("berth-ctrd-it-");
        rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
        containerd = PrivateContainerd.start(dir);
    }

    @AfterEach
    void stopContainerd() throws Exception {
        try {
            if (containerd != null && containerd.alive()) {
                for (String id : ids) { // through containerd, so that it stops the shims it started
                    ctr("task", "kill", "--signal", "SIGKILL", id);
                    ctr("task", "delete", "--force", id);
                    ctr("container", "delete", id);
                }
            }
        } finally {
            if (containerd != null) {
                containerd.stop();
            }
            if (dir != null) {
                EngineSupport.removeEngineDir(dir);
            }
            EngineSupport.removeCgroupParents("default", cgroupParentsBefore);
        }
    }

    // --- setup checks with the real runc

    @Test
    void runcRunsAContainerSetupCheck() throws Exception {
        var r = run(EngineSupport.RUNC, "echo hello; exit 3");
        assertEquals(3, r.code(), diagnostics(r));
        assertEquals("hello\n", r.out(), diagnostics(r));
    }

    @Test
    void runcDetachedTaskSetupCheck() throws Exception {
        detachedTaskIsListedKilledAndDeleted(EngineSupport.RUNC);
    }

    @Test
    void runcTaskPsExecPauseSetupCheck() throws Exception {
        taskPsExecPauseResume(EngineSupport.RUNC);
    }

    @Test
    void runcJoinsEveryCgroupHierarchySetupCheck() throws Exception {
        taskJoinsItsCgroupInEveryHierarchy(EngineSupport.RUNC);
    }

    // --- berth-runc

    @Test
    void berthRuncRunsAContainer() throws Exception {
        var r = run(EngineSupport.berthRunc(), "echo hello");
        assertEquals(0, r.code(), diagnostics(r));
        assertEquals("hello\n", r.out(), diagnostics(r));
    }

    @Test
    void berthRuncPropagatesANonZeroExitCode() throws Exception {
        var r = run(EngineSupport.berthRunc(), "echo bye; exit 3");
        assertEquals(3, r.code(), diagnostics(r));
        assertEquals("bye\n", r.out(), diagnostics(r));
    }

    @Test
    void berthRuncReportsAMissingExecutableThroughContainerd() throws Exception {
        String id = newId();
        var r = ctr("run", "--rm", "--runc-binary", EngineSupport.berthRunc(), "--runc-root", runcRoot().toString(),
                "--fifo-dir", dir.resolve("fifo").toString(), "--rootfs", rootfs.toString(), id, "/bin/no-such-program");
        assertEquals(1, r.code(), diagnostics(r));
        assertTrue(r.err().contains("OCI runtime create failed") && r.err().contains("/bin/no-such-program"), diagnostics(r));
    }

    @Test
    void berthRuncDetachedTaskIsListedKilledAndDeleted() throws Exception {
        detachedTaskIsListedKilledAndDeleted(EngineSupport.berthRunc());
    }

    @Test
    void berthRuncTaskPsExecPauseResume() throws Exception {
        taskPsExecPauseResume(EngineSupport.berthRunc());
    }

    @Test
    void berthRuncJoinsEveryCgroupHierarchy() throws Exception {
        taskJoinsItsCgroupInEveryHierarchy(EngineSupport.berthRunc());
    }

    // --- scenarios

    private void detachedTaskIsListedKilledAndDeleted(String runtime) throws Exception {
        String id = startDetached(runtime);
        var list = ctr("task", "list");
        String row = row(list.out(), id);
        assertTrue(row.endsWith("RUNNING"), diagnostics(list));
        long pid = Long.parseLong(row.split("\\s+")[1]);
        assertTrue(pid > 0, diagnostics(list));

        // the runtime's own view of the container containerd made
        var state = EngineSupport.exec(dir, Duration.ofSeconds(60),
                List.of(runtime, "--root", runcRoot().resolve("default").toString(), "state", id));
        assertEquals(0, state.code(), state.toString());
        var json = RuncFixture.JSON.readTree(state.out());
        assertEquals("running", json.get("status").asText(), state.toString());
        assertEquals(pid, json.get("pid").asLong(), state.toString());
        // containerd puts the task in /<namespace>/<id>
        assertTrue(EngineSupport.cgroupsOf(pid).stream().anyMatch(l -> l.matches("\\d+:[^:]*memory[^:]*:/default/" + id)),
                "cgroups of " + pid + ": " + EngineSupport.cgroupsOf(pid));

        var kill = ctr("task", "kill", "--signal", "SIGKILL", id);
        assertEquals(0, kill.code(), diagnostics(kill));
        assertTrue(EngineSupport.await(Duration.ofSeconds(30), () -> row(ctr("task", "list").out(), id).endsWith("STOPPED")),
                diagnostics(ctr("task", "list")));
        var delete = ctr("task", "delete", id);
        assertEquals(0, delete.code(), diagnostics(delete));
        assertTrue(delete.err().contains("exit code 137") || delete.out().contains("137"), diagnostics(delete));
        var rm = ctr("container", "delete", id);
        assertEquals(0, rm.code(), diagnostics(rm));
        assertEquals("", row(ctr("task", "list").out(), id));
        assertEquals("", row(ctr("container", "list").out(), id));
        var runtimeList = EngineSupport.exec(dir, Duration.ofSeconds(60),
                List.of(runtime, "--root", runcRoot().resolve("default").toString(), "list", "-q"));
        assertFalse(runtimeList.out().contains(id), runtimeList.toString());
    }

    private void taskPsExecPauseResume(String runtime) throws Exception {
        String id = startDetached(runtime);
        long pid = Long.parseLong(row(ctr("task", "list").out(), id).split("\\s+")[1]);

        var ps = ctr("task", "ps", id);
        assertEquals(0, ps.code(), diagnostics(ps));
        assertTrue(ps.out().contains(Long.toString(pid)), diagnostics(ps));

        var exec = ctr("task", "exec", "--exec-id", "probe", id, "/bin/sh", "-c", "echo from exec; exit 4");
        assertEquals(4, exec.code(), diagnostics(exec));
        assertEquals("from exec\n", exec.out(), diagnostics(exec));

        var pause = ctr("task", "pause", id);
        assertEquals(0, pause.code(), diagnostics(pause));
        assertTrue(row(ctr("task", "list").out(), id).endsWith("PAUSED"), diagnostics(ctr("task", "list")));
        var resume = ctr("task", "resume", id);
        assertEquals(0, resume.code(), diagnostics(resume));
        assertTrue(row(ctr("task", "list").out(), id).endsWith("RUNNING"), diagnostics(ctr("task", "list")));
    }

    private void taskJoinsItsCgroupInEveryHierarchy(String runtime) throws Exception {
        String id = startDetached(runtime);
        long pid = Long.parseLong(row(ctr("task", "list").out(), id).split("\\s+")[1]);
        List<String> cgroups = EngineSupport.cgroupsOf(pid);
        assertFalse(cgroups.isEmpty());
        for (String line : cgroups) {
            assertTrue(line.endsWith(":/default/" + id), "not in its cgroup: " + line + "\nall: " + cgroups);
        }
    }

    // --- helpers

    private String newId() {
        String id = "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
        ids.add(id);
        return id;
    }

    private Path runcRoot() {
        return dir.resolve("runc");
    }

    private RuncFixture.Result run(String runtime, String script) {
        return ctr("run", "--rm", "--runc-binary", runtime, "--runc-root", runcRoot().toString(),
                "--fifo-dir", dir.resolve("fifo").toString(), "--rootfs", rootfs.toString(), newId(),
                "/bin/sh", "-c", script);
    }

    private String startDetached(String runtime) {
        String id = newId();
        var r = ctr("run", "--detach", "--null-io", "--runc-binary", runtime, "--runc-root", runcRoot().toString(),
                "--fifo-dir", dir.resolve("fifo").toString(), "--rootfs", rootfs.toString(), id,
                "/bin/sh", "-c", "sleep 1000");
        assertEquals(0, r.code(), diagnostics(r));
        return id;
    }

    private RuncFixture.Result ctr(String... args) {
        return containerd.ctr(CTR_TIMEOUT, args);
    }

    /** The row of `ctr task/container list` output for id, trimmed, or "" if it has none. */
    private static String row(String table, String id) {
        return table.lines().filter(l -> l.startsWith(id + " ")).map(String::strip).findFirst().orElse("");
    }

    /** The result plus the daemon's log and the runtime's log.json files, for failure messages. */
    private String diagnostics(RuncFixture.Result r) {
        StringBuilder b = new StringBuilder(r.toString());
        try {
            containerd.appendDiagnostics(b, "default", 40);
        } catch (IOException e) {
            b.append("(").append(e).append(")\n");
        }
        return b.toString();
    }
}
