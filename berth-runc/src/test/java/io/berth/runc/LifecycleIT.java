package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** create → start → kill → delete, with state and list checked at every step. */
class LifecycleIT extends ContainerTest {

    @Test
    void fullLifecycle() throws Exception {
        Path marker = fx.dir.resolve("started");
        var bundle = fx.bundle(c -> {
            ObjectNodes.bind(c, fx.dir.toString(), "/mnt");
            RuncFixture.args(c, "sh", "-c", "touch /mnt/started; exec sleep 300");
        });
        String id = fx.id();
        Path pidFile = fx.dir.resolve("pid");
        var created = fx.run("create", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), id);
        assertEquals(0, created.code(), created.toString());
        var state = fx.state(id);
        assertEquals("created", state.get("status").asText());
        int pid = state.get("pid").asInt();
        assertTrue(pid > 0);
        assertEquals(Integer.toString(pid), Files.readString(pidFile));
        assertEquals(bundle.toString(), state.get("bundle").asText());
        assertFalse(Files.exists(marker), "the workload must not run before start");

        var started = fx.run("start", id);
        assertEquals(0, started.code(), started.toString());
        assertEquals("running", fx.state(id).get("status").asText());
        waitFor(marker);
        assertTrue(fx.run("list").out().contains(id), "list shows the container");

        var again = fx.run("start", id);
        assertNotEquals(0, again.code());
        assertTrue(again.err().contains("cannot start a container that is running"), again.toString());

        var refused = fx.run("delete", id);
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("not stopped: running"), refused.toString());

        assertEquals(0, fx.run("kill", id, "0").code(), "signal 0 only asks whether it runs, as in runc");
        assertEquals("running", fx.state(id).get("status").asText());
        assertEquals(0, fx.run("kill", id, "KILL").code());
        waitForStatus(id, "stopped");
        assertEquals(0, fx.state(id).get("pid").asInt(), "a stopped container reports pid 0");
        assertNotEquals(0, fx.run("kill", id, "0").code(), "a stopped container is not running");

        var deleted = fx.run("delete", id);
        assertEquals(0, deleted.code(), deleted.toString());
        assertNotEquals(0, fx.run("state", id).code());
        assertFalse(Files.exists(fx.root.resolve(id)), "delete removes the state directory");
    }

    @Test
    void killSendsTheNamedSignal() throws Exception {
        var bundle = fx.bundle(c -> {
            ObjectNodes.bind(c, fx.dir.toString(), "/mnt");
            RuncFixture.args(c, "sh", "-c", "trap 'echo got-usr1 > /mnt/sig; exit 0' USR1; touch /mnt/ready;"
                    + " while true; do sleep 0.1; done");
        });
        String id = fx.id();
        assertEquals(0, fx.run("run", "--detach", "--bundle", bundle.toString(), id).code());
        waitFor(fx.dir.resolve("ready"));
        var r = fx.run("kill", id, "SIGUSR1");
        assertEquals(0, r.code(), r.toString());
        waitFor(fx.dir.resolve("sig"));
        assertEquals("got-usr1\n", Files.readString(fx.dir.resolve("sig")));
    }

    @Test
    void deleteForceKillsARunningContainer() throws Exception {
        String id = fx.id();
        assertEquals(0, fx.run("run", "-d", "--bundle", fx.bundle("sleep", "300").toString(), id).code());
        int pid = fx.state(id).get("pid").asInt();
        var r = fx.run("delete", "--force", id);
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.exists(Path.of("/proc/" + pid + "/cmdline")) && isSleep(pid), "process is gone");
        assertEquals("", fx.run("list", "-q").out());
    }

    @Test
    void aCreatedContainerWhoseProcessDiedCannotBeStarted() throws Exception {
        String id = fx.id();
        assertEquals(0, fx.run("create", "--bundle", fx.bundle("sleep", "300").toString(), id).code());
        assertEquals(0, fx.run("kill", id, "KILL").code());
        waitForStatus(id, "stopped");
        var r = fx.run("start", id);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("cannot start a container that is stopped: " + id), r.toString());
        assertEquals(0, fx.run("delete", id).code());
    }

    @Test
    void duplicateIdIsRefused() throws Exception {
        String id = fx.id();
        var bundle = fx.bundle("sleep", "300");
        assertEquals(0, fx.run("create", "--bundle", bundle.toString(), id).code());
        var r = fx.run("create", "--bundle", bundle.toString(), id);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("container with id exists: " + id), r.toString());
        assertEquals("created", fx.state(id).get("status").asText(), "the first container is untouched");
    }

    @Test
    void listFormatsJson() throws Exception {
        String id = fx.id();
        assertEquals(0, fx.run("create", "--bundle", fx.bundle("sleep", "300").toString(), id).code());
        var json = RuncFixture.JSON.readTree(fx.run("list", "--format", "json").out());
        assertEquals(id, json.get(0).get("id").asText());
        assertEquals("created", json.get(0).get("status").asText());
    }

    private static boolean isSleep(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 1000 && !Files.exists(file); i++) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(file), file + " did not appear");
    }

    private void waitForStatus(String id, String status) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (fx.state(id).get("status").asText().equals(status)) {
                return;
            }
            Thread.sleep(10);
        }
        assertEquals(status, fx.state(id).get("status").asText());
    }
}
