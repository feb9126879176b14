package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Containers spawned straight from the runtime's JVM, with no init stage process, and the
 * configurations that must still get one.
 */
class DirectSpawnIT extends ContainerTest {

    @Test
    void aCreatedContainerWaitsHoldingOnlyItsStdio() throws Exception {
        String id = fx.id();
        assertEquals(0, fx.run("create", "--bundle", fx.bundle("true").toString(), id).code());
        int pid = fx.state(id).get("pid").asInt();
        String fds = Arrays.stream(Path.of("/proc/" + pid + "/fd").toFile().list()).sorted()
                .collect(Collectors.joining(" "));
        assertEquals("0 1 2", fds, "the runtime's fds are closed before the process waits");
        // the create command has exited; the process is nobody's init stage JVM
        assertEquals(0, fx.run("start", id).code());
        awaitStopped(id);
    }

    @Test
    void aNonRootWorkloadStartsWhateverTheRuntimesUmask() throws Exception {
        // the workload opens exec.fifo as uid 1000 without capabilities: the state directory
        // must be searchable even when the engine runs berth-runc with umask 077
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "id", "-u");
            RuncFixture.process(c).putObject("user").put("uid", 1000).put("gid", 1000);
        });
        Process p = new ProcessBuilder("sh", "-c", "umask 077; exec " + RuncFixture.launcher() + " --root " + fx.root
                + " run --bundle " + bundle + " " + fx.id()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("1000\n", new String(p.getInputStream().readAllBytes()));
        assertEquals(0, p.exitValue());
    }

    @Test
    void aProgramMountedIntoAPathDirectoryIsFound() throws Exception {
        // the $PATH lookup cannot be done before the mounts: this one takes the init stage
        Path bin = Files.createDirectory(fx.dir.resolve("bin"));
        Path tool = bin.resolve("hello-tool");
        Files.writeString(tool, "#!/bin/sh\necho hello from a mounted tool\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "hello-tool");
            ObjectNodes.bind(c, bin.toString(), "/usr/local/bin", "ro");
        });
        var r = fx.run("--debug", "run", "--bundle", bundle.toString(), fx.id());
        assertEquals(0, r.code(), r.toString());
        assertEquals("hello from a mounted tool\n", r.out());
        assertTrue(r.err().contains("an init stage process, for a mount at /usr/local/bin"), r.toString());
    }

    @Test
    void aSeccompFilterThatWouldStopTheRuntimeItselfStillRunsTheContainer() throws Exception {
        // were this filter installed on a thread of the runtime's JVM, that thread's next
        // madvise would kill the whole runtime; the workload itself never calls it
        String out = probe("echo ok", c -> {
            ObjectNode seccomp = RuncFixture.linux(c).putObject("seccomp");
            seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
            ObjectNode rule = seccomp.putArray("syscalls").addObject();
            rule.putArray("names").add("madvise");
            rule.put("action", "SCMP_ACT_KILL_PROCESS");
        });
        assertEquals("ok\n", out);
    }

    @Test
    void aProcessKilledBeforeStartIsReported() throws Exception {
        String id = fx.id();
        assertEquals(0, fx.run("create", "--bundle", fx.bundle("true").toString(), id).code());
        int pid = fx.state(id).get("pid").asInt();
        new ProcessBuilder("kill", "-KILL", Integer.toString(pid)).start().waitFor();
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc/" + pid + "/exe")); i++) {
            Thread.sleep(20);
        }
        var r = fx.run("start", id);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("cannot start a container that is stopped"), r.toString());
    }

    private void awaitStopped(String id) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (fx.state(id).get("status").asText().equals("stopped")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(id + " did not stop");
    }
}
