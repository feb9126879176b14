package io.berth.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.SeccompFilter;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecException;
import io.berth.runtime.spec.SpecException.SpecProblem;
import io.berth.runtime.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation and translation of linux.seccomp; nothing is installed here. */
class SeccompCompilerTest {
    private static final String ALLOW_MKDIR = "{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ALLOW\"}";

    @Test
    void unknownActionNamesItsPointer() {
        assertProblem("/linux/seccomp/syscalls/1/action: unknown action SCMP_ACT_FOO", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [%s,
                  {"names": ["mkdir"], "action": "SCMP_ACT_FOO"}]}""".formatted(ALLOW_MKDIR));
    }

    @Test
    void unknownDefaultAction() {
        assertProblem("/linux/seccomp/defaultAction: unknown action SCMP_ACT_NOPE",
                "{\"defaultAction\": \"SCMP_ACT_NOPE\"}");
    }

    @Test
    void missingDefaultAction() {
        assertProblem("/linux/seccomp/defaultAction: missing action", "{}");
    }

    @Test
    void unknownOperator() {
        assertProblem("/linux/seccomp/syscalls/0/args/1/op: unknown operator SCMP_CMP_APPROX", """
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"],
                  "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
                  {"index": 1, "value": 1, "op": "SCMP_CMP_APPROX"}]}]}""");
    }

    @Test
    void argumentIndexAboveFive() {
        assertProblem("/linux/seccomp/syscalls/0/args/0/index: argument index 7 out of 0..5", """
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"],
                  "action": "SCMP_ACT_ERRNO", "args": [{"index": 7, "value": 1, "op": "SCMP_CMP_EQ"}]}]}""");
    }

    @Test
    void unknownArchitecture() {
        SpecException e = compileFails("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_PDP11"]}""");
        assertEquals("/linux/seccomp/architectures/1", e.problems().get(0).pointer());
        assertTrue(e.problems().get(0).message().startsWith("unknown architecture SCMP_ARCH_PDP11"));
    }

    @Test
    void unknownFlag() {
        assertProblem("/linux/seccomp/flags/0: unknown flag SECCOMP_FILTER_FLAG_FAST",
                "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_FAST\"]}");
    }

    @Test
    void notifyIsUnsupported() {
        SpecException e = compileFails("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}""");
        assertEquals("/linux/seccomp/syscalls/0/action", e.problems().get(0).pointer());
        assertTrue(e.problems().get(0).message().startsWith("SCMP_ACT_NOTIFY is unsupported"));
    }

    @Test
    void errnoRetOnlyWithErrnoOrTrace() {
        SpecException e = compileFails("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mkdir"],
                  "action": "SCMP_ACT_ALLOW", "errnoRet": 5}]}""");
        assertEquals("/linux/seccomp/syscalls/0/errnoRet", e.problems().get(0).pointer());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SpecException e = compileFails("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_VAX"],
                 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_FOO"},
                   {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO",
                    "args": [{"index": 9, "value": 0, "op": "SCMP_CMP_EQ"}]}]}""");
        assertEquals(List.of("/linux/seccomp/architectures/0", "/linux/seccomp/syscalls/0/action",
                "/linux/seccomp/syscalls/1/args/0/index"), e.problems().stream().map(SpecProblem::pointer).toList());
    }

    @Test
    void unknownSyscallIsSkippedNotAFailureNorAWarning() {
        SeccompProgram program = compile("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mkdir", "frobnicate_2099", "rmdir"],
                  "action": "SCMP_ACT_ALLOW"}]}""");
        assertEquals(List.of("/linux/seccomp/syscalls/0/names/1: unknown syscall frobnicate_2099 skipped"),
                program.skipped());
        assertEquals(List.of(), program.warnings(), "runc reports these at debug level");
        assertTrue(program.instructions() > 0);
    }

    @Test
    void ruleWithTheDefaultActionIsSkipped() {
        SeccompProgram program = compile("""
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "syscalls": [
                  {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
                  {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]}""");
        assertEquals(List.of(), program.warnings());
    }

    @Test
    void flagsBecomeSeccompBitsAndIgnoredOnesAreWarned() {
        SeccompProgram program = compile("""
                {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG",
                  "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC",
                  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]}""");
        assertEquals(SeccompFilter.FLAG_LOG | SeccompFilter.FLAG_SPEC_ALLOW, program.flags());
        assertEquals(2, program.warnings().size());
        assertTrue(program.warnings().get(0).startsWith("/linux/seccomp/flags/2: SECCOMP_FILTER_FLAG_TSYNC ignored"));
    }

    @Test
    void everyActionCompiles() {
        for (String action : List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS",
                "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_LOG")) {
            compile("""
                    {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "%s"}]}"""
                    .formatted(action));
        }
    }

    @Test
    void programIsAValue() {
        String json = "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}";
        SeccompProgram program = compile(json);
        byte first = program.bpf()[0];
        program.bpf()[0] = (byte) (first + 1);
        assertEquals(first, program.bpf()[0]);
        assertEquals(compile(json), program, "same profile, same program");
        assertTrue(program.toString().contains(program.instructions() + " instructions"), program.toString());
    }

    private static void assertProblem(String expected, String json) {
        SpecException e = compileFails(json);
        assertEquals(List.of(expected), e.problems().stream().map(SpecProblem::toString).toList());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static SpecException compileFails(String json) {
        Seccomp spec = SpecReader.parse(json.getBytes(StandardCharsets.UTF_8), Seccomp.class);
        return assertThrows(SpecException.class, () -> SeccompCompiler.compile(spec));
    }

    private static SeccompProgram compile(String json) {
        return SeccompCompiler.compile(SpecReader.parse(json.getBytes(StandardCharsets.UTF_8), Seccomp.class));
    }
}
