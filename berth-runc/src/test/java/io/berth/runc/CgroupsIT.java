package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** linux.resources and the cgroup verbs: ps, pause, resume, update, kill --all, events. */
class CgroupsIT extends ContainerTest {

    @Test
    void limitsAreVisibleFromInsideThroughTheCgroupNamespace() throws Exception {
        String out = probe("cat /proc/self/cgroup | grep -c ':/$';"
                + " if [ -e /sys/fs/cgroup/cgroup.controllers ]; then cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max;"
                + " else cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; fi", c -> {
                    ObjectNode resources = RuncFixture.linux(c).putObject("resources");
                    resources.putObject("memory").put("limit", 64L << 20);
                    resources.putObject("pids").put("limit", 20);
                });
        String[] lines = out.split("\n");
        assertTrue(Integer.parseInt(lines[0]) > 0, "the container's cgroups are its root: " + out);
        assertEquals(Long.toString(64L << 20), lines[1]);
        assertEquals("20", lines[2]);
    }

    /** The config without a cgroup namespace, as Docker makes it on v1 hosts. */
    static void noCgroupNamespace(ObjectNode config) {
        var namespaces = (com.fasterxml.jackson.databind.node.ArrayNode) RuncFixture.linux(config).get("namespaces");
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            if (namespaces.get(i).get("type").asText().equals("cgroup")) {
                namespaces.remove(i);
            }
        }
    }

    @Test
    void withoutACgroupNamespaceV1ShowsTheContainersOwnCgroupsNotTheHosts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")),
                "v1 and hybrid hosts: a pure v2 host mounts cgroup2 whole, as runc does");
        String out = probe("cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max;"
                + " grep -c . /sys/fs/cgroup/pids/cgroup.procs; ls /sys/fs/cgroup/cpu/ | grep -c '^cpu.shares$';"
                + " grep ' /sys/fs/cgroup/memory ' /proc/self/mountinfo | cut -d' ' -f4", c -> {
                    noCgroupNamespace(c);
                    ObjectNode resources = RuncFixture.linux(c).putObject("resources");
                    resources.putObject("memory").put("limit", 64L << 20);
                    resources.putObject("pids").put("limit", 20);
                });
        String[] lines = out.split("\n");
        assertEquals(Long.toString(64L << 20), lines[0], "its own limit, not the host's: " + out);
        assertEquals("20", lines[1]);
        assertTrue(Integer.parseInt(lines[2]) <= 3, "only its own processes (sh and grep), not the host's: " + out);
        assertEquals("1", lines[3], "the cpu hierarchy is there: " + out);
        assertTrue(lines[4].length() > 1, "the bind mount shows a sub-tree of the hierarchy, not /: " + out);
    }

    @Test
    void aSmallMemoryLimitBindsTheWorkloadNotTheSetup() throws Exception {
        // the init stage's JVM is charged where it started; only the workload meets the limit
        assertEquals("ok\n", probe("echo ok",
                c -> RuncFixture.linux(c).putObject("resources").putObject("memory").put("limit", 24L << 20)));
    }

    @Test
    void aMemoryLimitBelowDockersMinimumWorks() throws Exception {
        // spawned straight from the runtime, nothing but the workload is charged to the cgroup
        assertEquals("ok\n", probe("echo ok",
                c -> RuncFixture.linux(c).putObject("resources").putObject("memory").put("limit", 4L << 20)));
    }

    @Test
    void aMemoryLimitTooSmallForTheInitStageIsExplained() throws Exception {
        fx.env.put("BERTH_INIT_STAGE", "always");
        // the init stage's JVM is charged only for what it allocates after joining the cgroup:
        // 2 MiB is enough since its syscalls share one downcall shape, 1 MiB is not
        var r = runFailing(c -> RuncFixture.linux(c).putObject("resources").putObject("memory").put("limit", 1L << 20));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("is too small to set the container up"), r.toString());
        assertEquals("", fx.run("list", "-q").out());
    }

    @Test
    void thePidsLimitIsEnforced() throws Exception {
        // busybox sh gives up with status 2 when it cannot fork
        String script = "sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 5 & done' 2>/dev/null; echo exit=$?";
        assertEquals("exit=2\n", probe(script,
                c -> RuncFixture.linux(c).putObject("resources").putObject("pids").put("limit", 5)));
        assertEquals("exit=0\n", probe(script,
                c -> RuncFixture.linux(c).putObject("resources").putObject("pids").put("limit", 50)));
    }

    @Test
    void psPauseResumeUpdateEventsAndKillAll() throws Exception {
        String id = fx.id();
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "sh", "-c", "sleep 300 & sleep 301 & wait");
            RuncFixture.linux(c).putObject("resources").putObject("memory").put("limit", 64L << 20);
        });
        assertEquals(0, fx.run("run", "-d", "--bundle", bundle.toString(), id).code());
        int pid = fx.state(id).get("pid").asInt();

        var ps = fx.run("ps", id);
        assertEquals(0, ps.code(), ps.toString());
        assertTrue(ps.out().contains("sleep 300") && ps.out().contains("sleep 301"), ps.out());
        var pids = RuncFixture.JSON.readTree(fx.run("ps", "--format", "json", id).out());
        assertEquals(3, pids.size(), pids.toString());

        assertEquals(0, fx.run("pause", id).code());
        assertEquals("paused", fx.state(id).get("status").asText());
        assertTrue(processState(pid).matches("[DT]"), "frozen: " + processState(pid));
        var paused = fx.run("pause", id);
        assertNotEquals(0, paused.code(), "pausing twice is refused");
        assertEquals(0, fx.run("resume", id).code());
        assertEquals("running", fx.state(id).get("status").asText());

        var update = fx.run("update", "--memory", "128m", "--pids-limit", "30", id);
        assertEquals(0, update.code(), update.toString());
        var stats = RuncFixture.JSON.readTree(fx.run("events", "--stats", id).out());
        assertEquals("stats", stats.get("type").asText());
        assertEquals(128L << 20, stats.at("/data/memory/usage/limit").asLong());
        assertEquals(30, stats.at("/data/pids/limit").asLong());
        assertEquals(3, stats.at("/data/pids/current").asLong());

        var killed = fx.run("kill", "--all", id, "KILL");
        assertEquals(0, killed.code(), killed.toString());
        for (int i = 0; i < 300 && !fx.state(id).get("status").asText().equals("stopped"); i++) {
            Thread.sleep(10);
        }
        assertEquals("stopped", fx.state(id).get("status").asText());
        assertEquals(0, fx.run("delete", id).code());
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory", id)) || Files.exists(Path.of("/sys/fs/cgroup", id)),
                "delete removes the cgroup");
    }

    @Test
    void updatingDeviceRulesKeepsTheDefaultDevicesAndAddsTheNewOnes() throws Exception {
        Path devicesDir = Path.of("/sys/fs/cgroup/devices");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(devicesDir), "needs the v1 devices controller");
        String id = fx.id();
        var bundle = fx.bundle(c -> RuncFixture.args(c, "sleep", "300"));
        assertEquals(0, fx.run("run", "-d", "--bundle", bundle.toString(), id).code());
        Path list = devicesDir.resolve(id).resolve("devices.list");
        assertFalse(Files.readString(list).contains("c 10:229"), Files.readString(list));

        Path resources = bundle.resolve("devices.json");
        Files.writeString(resources, """
                {"devices": [{"allow": false, "access": "rwm"},
                             {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rwm"}]}""");
        var update = fx.run("update", "-r", resources.toString(), id);
        assertEquals(0, update.code(), update.toString());
        assertTrue(Files.readString(list).lines().anyMatch("c 10:229 rwm"::equals), Files.readString(list));
        var devNull = fx.run("exec", id, "sh", "-c", "echo kept > /dev/null");
        assertEquals(0, devNull.code(), "the default devices stay usable: " + devNull);
        assertEquals(0, fx.run("delete", "--force", id).code());
    }

    @Test
    void anImpossibleLimitIsAClearErrorAndLeavesNothing() throws Exception {
        var r = runFailing(c -> RuncFixture.linux(c).putObject("resources").putObject("cpu").put("cpus", "999-1000"));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("cpuset.cpus"), r.toString());
        assertEquals("", fx.run("list", "-q").out());
    }

    private static String processState(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
