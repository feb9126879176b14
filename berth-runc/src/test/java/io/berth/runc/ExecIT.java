package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.runtime.seccomp.SeccompCompiler;
import io.berth.runtime.seccomp.SeccompProgramFile;
import io.berth.runtime.spec.Seccomp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** exec: the same isolation as the container's process, with its own process settings. */
class ExecIT extends ContainerTest {

    private String running(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        String id = fx.id();
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "sleep", "300");
            c.put("hostname", "exec-box");
            edit.accept(c);
        });
        var r = fx.run("run", "-d", "--bundle", bundle.toString(), id);
        assertEquals(0, r.code(), r.toString());
        return id;
    }

    @Test
    void execJoinsTheContainersNamespacesAndCgroup() throws Exception {
        String id = running(c -> RuncFixture.linux(c).putObject("resources").putObject("pids").put("limit", 10));
        var r = fx.run("exec", id, "sh", "-c", "hostname; readlink /proc/1/ns/mnt; readlink /proc/self/ns/mnt;"
                + " cat /proc/1/cmdline | tr '\\0' ' '; echo; grep -c ':/$' /proc/self/cgroup; exit 5");
        assertEquals(5, r.code(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals("exec-box", lines[0]);
        assertEquals(lines[1], lines[2], "same mount namespace as pid 1");
        assertEquals("sleep 300 ", lines[3], "pid 1 of its pid namespace is the container's process");
        assertTrue(Integer.parseInt(lines[4]) > 0, "in the container's cgroup: " + r.out());
        var pids = RuncFixture.JSON.readTree(fx.run("ps", "--format", "json", id).out());
        assertEquals(1, pids.size(), "the exec'd process is gone and was counted in the cgroup: " + pids);
    }

    @Test
    void execHasTheContainersCapabilitiesAndItsOwnUser() throws Exception {
        String id = running(c -> {});
        var r = fx.run("exec", "--user", "1000:1000", "--env", "FOO=bar", "--cwd", "/tmp", id,
                "sh", "-c", "id -u; id -g; echo $FOO; pwd; grep CapBnd /proc/self/status; grep NoNewPrivs /proc/self/status");
        assertEquals(0, r.code(), r.toString());
        assertEquals("1000\n1000\nbar\n/tmp\nCapBnd:\t0000000020000420\nNoNewPrivs:\t1\n", r.out());
    }

    @Test
    void execIntoANoPivotContainerSeesItsRootfs() throws Exception {
        String id = fx.id();
        var bundle = fx.bundle(c -> RuncFixture.args(c, "sleep", "300"));
        assertEquals(0, fx.run("run", "-d", "--no-pivot", "--bundle", bundle.toString(), id).code());
        String marker = "/tmp/" + id;
        Files.writeString(fx.rootfs().resolve(marker.substring(1)), "in the rootfs\n");
        var r = fx.run("exec", id, "sh", "-c", "cat " + marker + " /proc/1/root" + marker);
        assertEquals(0, r.code(), r.toString());
        assertEquals("in the rootfs\nin the rootfs\n", r.out(), "the / of the exec'd process and of pid 1");
    }

    @Test
    void execIntoAnExistingSubCgroup() throws Exception {
        String id = running(c -> {});
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        Path sub = v2 ? Path.of("/sys/fs/cgroup", id, "probe") : Path.of("/sys/fs/cgroup/pids", id, "probe");
        Files.createDirectory(sub);
        try {
            var r = fx.run("exec", "--cgroup", v2 ? "probe" : "pids:probe", id, "cat", "/proc/self/cgroup");
            assertEquals(0, r.code(), r.toString());
            String pattern = v2 ? "(?s).*^0::(/" + id + ")?/probe$.*" : "(?s).*^[0-9]+:pids:(/" + id + ")?/probe$.*";
            assertTrue(java.util.regex.Pattern.compile(pattern, java.util.regex.Pattern.MULTILINE).matcher(r.out())
                    .matches(), r.out());

            var missing = fx.run("exec", "--cgroup", "absent", id, "true");
            assertEquals(1, missing.code(), missing.toString());
            assertTrue(missing.err().contains("exec --cgroup absent: there is no cgroup"), missing.toString());
            var outside = fx.run("exec", "--cgroup", "../..", id, "true");
            assertEquals(1, outside.code(), outside.toString());
            assertTrue(outside.err().contains("not inside the container's cgroup"), outside.toString());
            var twice = fx.run("exec", "--cgroup", "a", "--cgroup", "b", id, "true");
            assertTrue(twice.err().contains("multiple <controller>-less arguments"), twice.toString());
        } finally {
            Files.delete(sub);
        }
    }

    @Test
    void execIntoAPausedContainerWaitsForResumeWithIgnorePaused() throws Exception {
        String id = running(c -> {});
        assertEquals(0, fx.run("pause", id).code());
        var refused = fx.run("exec", id, "true");
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(refused.err().contains("cannot exec in a paused container (use --ignore-paused to override)"),
                refused.toString());
        Path out = fx.dir.resolve("paused-exec.out");
        ProcessBuilder pb = new ProcessBuilder(RuncFixture.launcher(), "--root", fx.root.toString(), "exec",
                "--ignore-paused", id, "sh", "-c", "echo ran after resume").redirectOutput(out.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(fx.env);
        java.lang.Process exec = pb.start();
        try {
            assertTrue(!exec.waitFor(1500, java.util.concurrent.TimeUnit.MILLISECONDS),
                    "the exec'd process is frozen with the container: " + Files.readString(out));
            assertEquals(0, fx.run("resume", id).code());
            assertTrue(exec.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "exec ends once resumed");
            assertEquals(0, exec.exitValue(), Files.readString(out));
            assertTrue(Files.readString(out).endsWith("ran after resume\n"), Files.readString(out));
        } finally {
            exec.destroyForcibly();
        }
    }

    @Test
    void execWithAProcessJson() throws Exception {
        String id = running(c -> {});
        Path process = fx.dir.resolve("process.json");
        Files.writeString(process, """
                {"terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["sh", "-c", "echo from json $X"],
                 "env": ["PATH=/bin", "X=1"], "cwd": "/"}
                """);
        var r = fx.run("exec", "--process", process.toString(), id);
        assertEquals(0, r.code(), r.toString());
        assertEquals("from json 1\n", r.out());
    }

    @Test
    void execAppliesTheContainersSeccompFilter() throws Exception {
        String id = running(ObjectNodes::seccompDenyingMkdir);
        var r = fx.run("exec", id, "sh", "-c", "grep Seccomp: /proc/self/status; mkdir /tmp/d 2>&1");
        assertTrue(r.out().contains("Seccomp:\t2") && r.out().contains("Operation not permitted"), r.toString());
    }

    @Test
    void execInstallsTheProgramCreateKeptAndCompilesTheProfileOnlyWithoutIt() throws Exception {
        String id = running(ObjectNodes::seccompDenyingMkdir);
        Path kept = fx.root.resolve(id).resolve(SeccompProgramFile.NAME);
        assertTrue(Files.isRegularFile(kept), "create keeps the compiled program in the state directory");
        String probe = "mkdir /tmp/d$$ 2>&1 && echo made";

        // what exec installs is the kept program, not the profile compiled again: swapped for one
        // that blocks rmdir instead, mkdir works (the state directory is root's, as runc's state.json)
        byte[] original = Files.readAllBytes(kept);
        SeccompProgramFile.write(kept, SeccompCompiler.compile(new Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of(),
                null, null, List.of(new Seccomp.Syscall(List.of("rmdir"), "SCMP_ACT_ERRNO", 1, List.of())))));
        assertEquals("made\n", fx.run("exec", id, "sh", "-c", probe).out());
        Files.write(kept, original);
        assertTrue(fx.run("exec", id, "sh", "-c", probe).out().contains("Operation not permitted"));

        // a damaged program: a warning, and the profile compiled again
        Files.write(kept, new byte[] {'B', 'S', 'C', '1', 0, 0});
        var damaged = fx.run("exec", id, "sh", "-c", probe);
        assertTrue(damaged.out().contains("Operation not permitted"), damaged.toString());
        assertTrue(damaged.err().contains("damaged seccomp program " + kept), damaged.toString());

        // none at all (a container an older build created): compiled again, silently
        Files.delete(kept);
        var none = fx.run("exec", id, "sh", "-c", probe);
        assertTrue(none.out().contains("Operation not permitted"), none.toString());
        assertEquals("", none.err());
    }

    @Test
    void execAppliesItsSchedulingAndCpuAffinity() throws Exception {
        String id = running(c -> {});
        Path process = fx.dir.resolve("process.json");
        Files.writeString(process, """
                {"args": ["sh", "-c", "grep Cpus_allowed_list /proc/self/status; grep -E '^policy' /proc/self/sched | tr -s ' '; ionice"],
                 "env": ["PATH=/bin"], "cwd": "/",
                 "scheduler": {"policy": "SCHED_BATCH"}, "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 6},
                 "execCPUAffinity": {"initial": "0", "final": "0"}}
                """);
        var r = fx.run("exec", "--process", process.toString(), id);
        assertEquals(0, r.code(), r.toString());
        assertEquals("Cpus_allowed_list:\t0\npolicy : 3\nbest-effort: prio 6\n", r.out());
    }

    @Test
    void execJoinsTheContainersTimeNamespace() throws Exception {
        String id = running(c -> {
            ((com.fasterxml.jackson.databind.node.ArrayNode) RuncFixture.linux(c).get("namespaces")).addObject()
                    .put("type", "time");
            RuncFixture.linux(c).putObject("timeOffsets").putObject("boottime").put("secs", 100_000_000)
                    .put("nanosecs", 0);
        });
        var r = fx.run("exec", id, "sh", "-c", "readlink /proc/self/ns/time; readlink /proc/1/ns/time; cat /proc/uptime");
        assertEquals(0, r.code(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(lines[0], lines[1], "exec is in the container's time namespace");
        assertTrue(Double.parseDouble(lines[2].split(" ")[0]) > 100_000_000, "and sees its boottime offset: " + r.out());
    }

    @Test
    void anExecWithoutTerminalOrUserNamespaceNeedsNoStageProcess() throws Exception {
        String id = running(c -> {});
        var r = fx.run("--debug", "exec", id, "true");
        assertEquals(0, r.code(), r.toString());
        boolean forced = "always".equals(fx.env.get("BERTH_INIT_STAGE"));
        assertEquals(forced, r.err().contains(id + ": an exec stage process"), r.toString());
    }

    @Test
    void execSetsItsLimitsAsItsOwnUser() throws Exception {
        String id = running(c -> {});
        Path process = fx.dir.resolve("process.json");
        Files.writeString(process, """
                {"user": {"uid": 1000, "gid": 1000}, "env": ["PATH=/bin"], "cwd": "/tmp", "oomScoreAdj": 300,
                 "args": ["sh", "-c", "id -u; pwd; ulimit -n; ulimit -Hn; cat /proc/self/oom_score_adj; grep -E '^policy' /proc/self/sched | tr -s ' '"],
                 "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 100, "hard": 200}],
                 "scheduler": {"policy": "SCHED_IDLE"}}
                """);
        var r = fx.run("exec", "--process", process.toString(), id);
        assertEquals(0, r.code(), r.toString());
        assertEquals("1000\n/tmp\n100\n200\n300\npolicy : 5\n", r.out());
    }

    @Test
    void execDetachedWritesThePidFile() throws Exception {
        String id = running(c -> {});
        Path pidFile = fx.dir.resolve("exec.pid");
        var r = fx.run("exec", "-d", "--pid-file", pidFile.toString(), id, "sleep", "100");
        assertEquals(0, r.code(), r.toString());
        int pid = Integer.parseInt(Files.readString(pidFile));
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep"));
        assertTrue(fx.run("ps", "--format", "json", id).out().contains(Integer.toString(pid)));
    }

    @Test
    void execIntoAStoppedContainerFails() throws Exception {
        String id = fx.id();
        assertEquals(0, fx.run("run", "-d", "--bundle", fx.bundle("true").toString(), id).code());
        for (int i = 0; i < 300 && !fx.state(id).get("status").asText().equals("stopped"); i++) {
            Thread.sleep(10);
        }
        var r = fx.run("exec", id, "true");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("cannot exec in a stopped container"), r.toString());
    }

    @Test
    void aMissingProgramIsAClearError() throws Exception {
        String id = running(c -> {});
        var r = fx.run("exec", id, "no-such-thing");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("exec: \"no-such-thing\": executable file not found in $PATH"), r.toString());
    }
}
