package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runtime's own process, fds and host root are unreachable from the container. */
class SecurityIT extends ContainerTest {

    @Test
    void onlyStdioReachesTheWorkload() throws Exception {
        // the shell's glob lists its own fds; the last one is the directory it is reading
        assertEquals("/proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2 /proc/self/fd/3\n",
                probe("echo /proc/self/fd/*"));
    }

    @Test
    void preservedFdsAreInheritedAndNothingElse() throws Exception {
        var bundle = fx.bundle("sh", "-c", "echo /proc/self/fd/*; cat <&3");
        Path file = fx.dir.resolve("passed.txt");
        Files.writeString(file, "via fd 3\n");
        // a shell opens fd 3 and execs berth-runc with it, as an engine would
        Process p = new ProcessBuilder("sh", "-c", "exec 3<" + file + "; exec " + RuncFixture.launcher()
                + " --root " + fx.root + " run --preserve-fds 1 --bundle " + bundle + " " + fx.id())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        // fd 4 is the directory the shell's glob is reading
        assertEquals("/proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2 /proc/self/fd/3 /proc/self/fd/4\nvia fd 3\n", out);
    }

    @Test
    void nothingOfTheHostRootStaysMounted() throws Exception {
        String mountinfo = probe("cat /proc/self/mountinfo");
        List<String> points = mountinfo.lines().map(l -> l.split(" ")[4]).toList();
        for (String point : points) {
            assertTrue(point.equals("/") || point.startsWith("/proc") || point.startsWith("/dev")
                    || point.startsWith("/sys"), "unexpected mount " + point + " in\n" + mountinfo);
        }
        assertFalse(points.contains("/work") || points.contains("/run") || points.contains("/tmp"),
                "no host mount point is reachable: " + points);
    }

    @Test
    void theWaitingInitIsNotDumpable() throws Exception {
        String id = fx.id();
        assertEquals(0, fx.run("create", "--bundle", fx.bundle("true").toString(), id).code());
        int pid = fx.state(id).get("pid").asInt();
        // root without capabilities may read a dumpable root process's environ, never a non-dumpable one's
        Process p = new ProcessBuilder("setpriv", "--inh-caps=-all", "--bounding-set=-all",
                "cat", "/proc/" + pid + "/environ").redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Permission denied"), out);

        Process self = new ProcessBuilder("setpriv", "--inh-caps=-all", "--bounding-set=-all",
                "sh", "-c", "cat /proc/$$/environ > /dev/null && echo readable").redirectErrorStream(true).start();
        assertTrue(self.waitFor(10, TimeUnit.SECONDS));
        assertEquals("readable\n", new String(self.getInputStream().readAllBytes()), "the probe itself works");
    }

    @Test
    void theWorkloadGetsItsOwnSessionKeyringUnlessAskedNotTo() throws Exception {
        String id = fx.id();
        assertEquals(0, fx.run("run", "-d", "--bundle", fx.bundle("sleep", "300").toString(), id).code());
        // the host's /proc/keys lists keyrings by description; runc names the new one after the id
        assertTrue(Files.readString(Path.of("/proc/keys")).contains(" keyring   " + id + ": "),
                "a session keyring named " + id);

        String other = fx.id();
        assertEquals(0, fx.run("run", "-d", "--no-new-keyring", "--bundle", fx.bundle("sleep", "300").toString(),
                other).code());
        assertFalse(Files.readString(Path.of("/proc/keys")).contains(" keyring   " + other + ": "),
                "no keyring for " + other);
    }
}
