package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Malformed and impossible configs fail before anything is created, naming the field. */
class BadInputIT extends ContainerTest {

    @Test
    void malformedJsonNamesTheLine() throws Exception {
        var bundle = fx.bundle("true");
        Files.writeString(bundle.resolve("config.json"), "{\n  \"ociVersion\": \"1.2.0\",\n  \"process\": {\n");
        var r = fx.run("create", "--bundle", bundle.toString(), fx.id());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("invalid config.json: /process: malformed JSON: Unexpected end-of-input")
                && r.err().contains("(line 4, column 1)") && !r.err().contains("REDACTED"), r.toString());
        assertNothingLeft();
    }

    @Test
    void aWrongTypeNamesItsPointer() throws Exception {
        var r = runFailing(c -> RuncFixture.process(c).put("args", "sh -c true"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/process/args"), r.toString());
    }

    @Test
    void invalidValuesAreAllNamed() throws Exception {
        var r = runFailing(c -> {
            RuncFixture.process(c).put("cwd", "relative");
            ObjectNodes.strings(RuncFixture.process(c).putObject("capabilities"), "bounding", "CAP_FLY");
            RuncFixture.linux(c).putArray("namespaces").addObject().put("type", "galaxy");
        });
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/process/cwd: must be an absolute path"), r.toString());
        assertTrue(r.err().contains("/process/capabilities/bounding/0: unknown capability CAP_FLY"), r.toString());
        assertTrue(r.err().contains("/linux/namespaces/0/type: unknown namespace type galaxy"), r.toString());
        assertNothingLeft();
    }

    @Test
    void missingRootfs() throws Exception {
        var r = runFailing(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("root"))
                .put("path", "/nonexistent/rootfs"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/root/path: rootfs /nonexistent/rootfs does not exist"), r.toString());
    }

    @Test
    void missingConfig() throws Exception {
        var r = fx.run("create", "--bundle", fx.dir.resolve("nowhere").toString(), fx.id());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no config.json at"), r.toString());
    }

    @Test
    void unknownSyscallsInSeccompAreSkippedQuietlyButUnknownActionsFail() throws Exception {
        var bad = runFailing(c -> {
            var seccomp = RuncFixture.linux(c).putObject("seccomp");
            seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
            var rule = seccomp.putArray("syscalls").addObject();
            ObjectNodes.strings(rule, "names", "mkdir");
            rule.put("action", "SCMP_ACT_EXPLODE");
        });
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("/linux/seccomp/syscalls/0/action"), bad.toString());

        var unknown = fx.bundle(c -> {
            RuncFixture.args(c, "sh", "-c", "mkdir /tmp/x 2>&1; echo done");
            var seccomp = RuncFixture.linux(c).putObject("seccomp");
            seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
            var rule = seccomp.putArray("syscalls").addObject();
            ObjectNodes.strings(rule, "names", "no_such_syscall_2099", "mkdir", "mkdirat");
            rule.put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1);
        });
        var r = fx.run("run", "--bundle", unknown.toString(), fx.id());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Operation not permitted"), "the known syscalls are filtered: " + r);
        assertEquals("", r.err(), "as runc, the unknown one is no warning");
        var debug = fx.run("--debug", "run", "--bundle", unknown.toString(), fx.id());
        assertEquals(0, debug.code(), debug.toString());
        assertTrue(debug.err().contains("/linux/seccomp/syscalls/0/names/0: unknown syscall no_such_syscall_2099 skipped"),
                "but it is a debug message: " + debug);
    }

    @Test
    void invalidContainerId() throws Exception {
        var r = fx.run("create", "--bundle", fx.bundle("true").toString(), "../escape");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("invalid container id"), r.toString());
    }

    @Test
    void unknownContainer() {
        var r = fx.run("state", "nope");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("container does not exist: nope"), r.toString());
    }

    @Test
    void impossibleSchedulingAndPersonalityAreNamed() throws Exception {
        var r = runFailing(c -> {
            RuncFixture.process(c).putObject("scheduler").put("policy", "SCHED_BATCH").put("priority", 5);
            RuncFixture.process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 9);
            ObjectNodes.strings(RuncFixture.linux(c).putObject("personality").put("domain", "LINUX"), "flags", "FLY");
        });
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/process/scheduler/priority: only SCHED_FIFO and SCHED_RR take a priority"),
                r.toString());
        assertTrue(r.err().contains("/process/ioPriority/priority: must be between 0 and 7, got 9"), r.toString());
        assertTrue(r.err().contains("/linux/personality/flags/0: unknown personality flag FLY"), r.toString());
        assertNothingLeft();
    }

    @Test
    void aTimeOffsetTheKernelRefusesIsNamedAndNothingIsLeft() throws Exception {
        var r = runFailing(c -> {
            ((com.fasterxml.jackson.databind.node.ArrayNode) RuncFixture.linux(c).get("namespaces")).addObject()
                    .put("type", "time");
            // a monotonic clock set back before its zero
            RuncFixture.linux(c).putObject("timeOffsets").putObject("monotonic").put("secs", -(1L << 40))
                    .put("nanosecs", 0);
        });
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/linux/timeOffsets: the kernel refused monotonic -1099511627776 0"), r.toString());
        assertNothingLeft();
    }

    private void assertNothingLeft() {
        assertEquals("", fx.run("list", "-q").out(), "nothing is half-created");
    }
}
