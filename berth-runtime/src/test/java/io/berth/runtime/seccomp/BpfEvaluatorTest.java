package io.berth.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.linux.Errno;
import io.berth.linux.LibSeccomp;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The evaluator agrees with what libseccomp compiled, and SpawnCompatibility reads it right. */
class BpfEvaluatorTest {
    private static final long CLONE_VM_VFORK_SIGCHLD = 0x100 | 0x4000 | 17;
    private static final long CLONE_NEWUTS = 0x04000000;

    @Test
    void dockersProfileAllowsOrdinaryCallsAndRefusesPrivilegedOnes() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the profile is converted for x86_64");
        byte[] bpf = SeccompCompiler.compile(DockerProfile.forArch("SCMP_ARCH_X86_64", "amd64")).bpf();
        int arch = LibSeccomp.resolveArch("x86_64").getAsInt();
        assertEquals(OptionalInt.of(LibSeccomp.ACT_ALLOW), BpfEvaluator.evaluate(bpf, nr("getpid"), arch));
        assertEquals(OptionalInt.of(LibSeccomp.actErrno(Errno.EPERM)), BpfEvaluator.evaluate(bpf, nr("unshare"), arch));
        // clone is allowed only without namespace flags: an argument condition
        assertEquals(OptionalInt.of(LibSeccomp.ACT_ALLOW),
                BpfEvaluator.evaluate(bpf, nr("clone"), arch, CLONE_VM_VFORK_SIGCHLD));
        assertEquals(OptionalInt.of(LibSeccomp.actErrno(Errno.EPERM)),
                BpfEvaluator.evaluate(bpf, nr("clone"), arch, CLONE_VM_VFORK_SIGCHLD | CLONE_NEWUTS));
        // another architecture than the filter's own is killed
        int arm = LibSeccomp.resolveArch("aarch64").getAsInt();
        assertEquals(OptionalInt.of(LibSeccomp.ACT_KILL_THREAD), BpfEvaluator.evaluate(bpf, nr("getpid"), arm));
        assertEquals(Optional.empty(), SpawnCompatibility.problem(
                SeccompCompiler.compile(DockerProfile.forArch("SCMP_ARCH_X86_64", "amd64"))));
    }

    @Test
    void aFilterThatKillsACallTheRuntimeThreadNeedsIsNamed() {
        SeccompProgram program = compile("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                  {"names": ["madvise"], "action": "SCMP_ACT_KILL_PROCESS"}]}""");
        assertEquals(OptionalInt.of(LibSeccomp.ACT_KILL_PROCESS),
                BpfEvaluator.evaluate(program.bpf(), nr("madvise"), nativeArch()));
        assertEquals(Optional.of("the filter does not allow madvise"), SpawnCompatibility.problem(program));
    }

    @Test
    void clone3RefusedWithEperm() {
        // glibc falls back to clone only on ENOSYS
        SeccompProgram program = compile("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                  {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""");
        assertTrue(SpawnCompatibility.problem(program).orElseThrow().contains("clone3"));
        SeccompProgram enosys = compile("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                  {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}""");
        assertEquals(Optional.empty(), SpawnCompatibility.problem(enosys));
    }

    @Test
    void malformedProgramsAreNotEvaluated() {
        // BPF_LD|BPF_W|BPF_ABS at offset 66: past struct seccomp_data
        byte[] outOfRange = {0x20, 0, 0, 0, 66, 0, 0, 0};
        assertEquals(OptionalInt.empty(), BpfEvaluator.evaluate(outOfRange, 39, 0));
        // no return: the program runs off its end
        byte[] noReturn = {0x20, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(OptionalInt.empty(), BpfEvaluator.evaluate(noReturn, 39, 0));
    }

    private static int nr(String name) {
        return LibSeccomp.resolveSyscall(name).getAsInt();
    }

    private static int nativeArch() {
        return LibSeccomp.resolveArch(System.getProperty("os.arch").equals("amd64") ? "x86_64" : "aarch64").getAsInt();
    }

    private static SeccompProgram compile(String json) {
        return SeccompCompiler.compile(SpecReader.parse(json.getBytes(StandardCharsets.UTF_8), Seccomp.class));
    }
}
