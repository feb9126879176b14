package io.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
    private static Spec withProcess(String processJson) {
        String json = """
                {"ociVersion": "1.2.0", "root": {"path": "rootfs"}, "process": %s,
                 "linux": {"namespaces": [{"type": "mount"}, {"type": "pid"}]}}
                """.formatted(processJson);
        return SpecReader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultSpecIsValid() {
        assertDoesNotThrow(() -> SpecValidator.validate(DefaultSpec.create()));
    }

    @Test
    void everyProblemIsReportedWithItsPointer() {
        Spec spec = withProcess("""
                {"args": [], "cwd": "tmp", "env": ["NOEQUALS"],
                 "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 10, "hard": 5}, {"type": "RLIMIT_BOGUS", "soft": 1, "hard": 1}],
                 "capabilities": {"bounding": ["CAP_NOPE"]}, "oomScoreAdj": 5000}
                """);
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(spec));
        List<String> pointers = e.problems().stream().map(SpecException.SpecProblem::pointer).toList();
        assertEquals(List.of("/process/args", "/process/cwd", "/process/env/0", "/process/capabilities/bounding/0",
                "/process/rlimits/0", "/process/rlimits/1/type", "/process/oomScoreAdj"), pointers);
    }

    @Test
    void sysctlsThatWouldChangeTheHostAreRefused() {
        Spec spec = SpecReader.parse("""
                {"ociVersion": "1.2.0", "root": {"path": "r"}, "process": {"args": ["sh"], "cwd": "/"},
                 "linux": {"namespaces": [{"type": "mount"}], "sysctl": {"vm.swappiness": "1", "net.ipv4.ip_forward": "1"}}}
                """.getBytes(StandardCharsets.UTF_8));
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(spec));
        assertTrue(e.getMessage().contains("/linux/sysctl/vm.swappiness: not a namespaced sysctl"), e.getMessage());
        assertTrue(e.getMessage().contains("/linux/sysctl/net.ipv4.ip_forward: needs a network namespace"), e.getMessage());
    }

    @Test
    void aNewUserNamespaceNeedsMappingsAndMappingsNeedOne() {
        Spec noMaps = SpecReader.parse("""
                {"ociVersion": "1.2.0", "root": {"path": "r"}, "process": {"args": ["sh"], "cwd": "/"},
                 "linux": {"namespaces": [{"type": "mount"}, {"type": "user"}]}}
                """.getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(SpecException.class, () -> SpecValidator.validate(noMaps)).getMessage()
                .contains("a new user namespace needs uidMappings and gidMappings"));
    }

    @Test
    void wrongTypesAndBadJsonNameWhereTheyAre() {
        SpecException type = assertThrows(SpecException.class,
                () -> SpecReader.parse("{\"process\": {\"args\": \"sh\"}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/process/args", type.problems().getFirst().pointer());
        SpecException syntax = assertThrows(SpecException.class,
                () -> SpecReader.parse("{\"ociVersion\": }".getBytes(StandardCharsets.UTF_8)));
        assertTrue(syntax.getMessage().contains("(line 1, column"), syntax.getMessage());
    }

    @Test
    void unsignedRlimitsRoundTrip() {
        Spec spec = withProcess("""
                {"args": ["sh"], "cwd": "/", "rlimits": [{"type": "RLIMIT_CORE", "soft": 18446744073709551615, "hard": 18446744073709551615}]}
                """);
        assertEquals(-1L, spec.process().rlimits().getFirst().hard());
    }

    @Test
    void schedulingFieldsAreCheckedBeforeTheKernelSeesThem() {
        Spec spec = withProcess("""
                {"args": ["sh"], "cwd": "/",
                 "scheduler": {"policy": "SCHED_BATCH", "nice": 30, "priority": 5, "runtime": 100, "flags": ["SCHED_FLAG_NOPE"]},
                 "ioPriority": {"class": "IOPRIO_CLASS_WHATEVER", "priority": 9},
                 "execCPUAffinity": {"initial": "0-1", "final": "3-2"}}
                """);
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(spec));
        List<String> pointers = e.problems().stream().map(SpecException.SpecProblem::pointer).toList();
        assertEquals(List.of("/process/ioPriority/class", "/process/ioPriority/priority", "/process/scheduler/nice",
                "/process/scheduler/priority", "/process/scheduler", "/process/scheduler/flags/0",
                "/process/execCPUAffinity/final"), pointers);
        assertTrue(e.getMessage().contains("only SCHED_FIFO and SCHED_RR take a priority"), e.getMessage());
        assertTrue(e.getMessage().contains("range 3-2 runs backwards"), e.getMessage());
    }

    @Test
    void aRealTimePolicyNeedsAPriorityAndAnUnknownOneIsNamed() {
        SpecException fifo = assertThrows(SpecException.class, () -> SpecValidator.validate(withProcess("""
                {"args": ["sh"], "cwd": "/", "scheduler": {"policy": "SCHED_FIFO"}}
                """)));
        assertTrue(fifo.getMessage().contains("/process/scheduler/priority: must be between 1 and 99"), fifo.getMessage());
        SpecException unknown = assertThrows(SpecException.class, () -> SpecValidator.validate(withProcess("""
                {"args": ["sh"], "cwd": "/", "scheduler": {"policy": "SCHED_FAST"}}
                """)));
        assertTrue(unknown.getMessage().contains("/process/scheduler/policy: unknown policy SCHED_FAST"),
                unknown.getMessage());
    }

    @Test
    void validSchedulingBecomesWhatTheKernelTakes() {
        Spec spec = withProcess("""
                {"args": ["sh"], "cwd": "/",
                 "scheduler": {"policy": "SCHED_RR", "priority": 10, "flags": ["SCHED_FLAG_RESET_ON_FORK"]},
                 "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 6},
                 "execCPUAffinity": {"initial": "0, 2-3", "final": "1"}}
                """);
        assertDoesNotThrow(() -> SpecValidator.validate(spec));
        assertEquals(new io.berth.linux.SchedulingPolicy(2, 1, 0, 10, 0, 0, 0), spec.process().scheduler().toKernel());
        assertEquals(2 << 13 | 6, spec.process().ioPriority().toKernel().value());
        assertEquals("{0, 2, 3}", spec.process().execCPUAffinity().initialCpus().toString());
        assertEquals("{1}", spec.process().execCPUAffinity().finalCpus().toString());
    }

    @Test
    void personalityAndTimeOffsetsAreChecked() {
        Spec spec = SpecReader.parse("""
                {"ociVersion": "1.2.0", "root": {"path": "r"}, "process": {"args": ["sh"], "cwd": "/"},
                 "linux": {"namespaces": [{"type": "mount"}, {"type": "time", "path": "/proc/1/ns/time"}],
                  "timeOffsets": {"realtime": {"secs": 1, "nanosecs": 0}, "boottime": {"secs": 1, "nanosecs": 1000000000}},
                  "personality": {"domain": "LINUX64", "flags": ["ADDR_NO_RANDOMIZE", "FLY"]}}}
                """.getBytes(StandardCharsets.UTF_8));
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(spec));
        String m = e.getMessage();
        assertTrue(m.contains("/linux/timeOffsets: time offsets can only be set for a new time namespace"), m);
        assertTrue(m.contains("/linux/timeOffsets/realtime: unknown clock realtime"), m);
        assertTrue(m.contains("/linux/timeOffsets/boottime/nanosecs: must be between 0 and 999999999"), m);
        assertTrue(m.contains("/linux/personality/domain: must be LINUX or LINUX32, got LINUX64"), m);
        assertTrue(m.contains("/linux/personality/flags/1: unknown personality flag FLY"), m);
    }

    @Test
    void personalityBecomesAPersona() {
        Spec spec = SpecReader.parse("""
                {"ociVersion": "1.2.0", "root": {"path": "r"}, "process": {"args": ["sh"], "cwd": "/"},
                 "linux": {"namespaces": [{"type": "mount"}],
                  "personality": {"domain": "LINUX32", "flags": ["ADDR_NO_RANDOMIZE"]}}}
                """.getBytes(StandardCharsets.UTF_8));
        assertDoesNotThrow(() -> SpecValidator.validate(spec));
        assertEquals(0x0040008, spec.linux().personality().persona());
    }
}
