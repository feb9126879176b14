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
}
