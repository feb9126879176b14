package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunIT extends ContainerTest {

    @Test
    void runPrintsTheContainersOutputAndExitsWithItsStatus() throws Exception {
        var bundle = fx.bundle("sh", "-c", "echo hello from inside; exit 3");
        var r = fx.run("run", "--bundle", bundle.toString(), fx.id());
        assertEquals(3, r.code(), r.toString());
        assertEquals("hello from inside\n", r.out());
    }

    @Test
    void theProcessIsPidOneWithTheConfiguredHostname() throws Exception {
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "sh", "-c", "echo $$ $(hostname)");
            c.put("hostname", "berth-box");
        });
        var r = fx.run("run", "--bundle", bundle.toString(), fx.id());
        assertEquals("1 berth-box\n", r.out(), r.toString());
    }

    @Test
    void runDeletesTheContainerAfterItExits() throws Exception {
        String id = fx.id();
        var r = fx.run("run", "--bundle", fx.bundle("true").toString(), id);
        assertEquals(0, r.code(), r.toString());
        assertEquals("", fx.run("list", "-q").out());
    }

    @Test
    void missingExecutableIsReportedAtCreate() throws Exception {
        var r = fx.run("create", "--bundle", fx.bundle("no-such-program").toString(), fx.id());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("exec: \"no-such-program\": executable file not found in $PATH"), r.toString());
        assertEquals("", fx.run("list", "-q").out(), "a failed create leaves no container behind");
    }
}
