package io.berth.runtime.seccomp;

import io.berth.testing.FreshThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.linux.Errno;
import io.berth.linux.LibSeccomp;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespaces;
import io.berth.linux.Prctl;
import io.berth.linux.SeccompFilter;
import io.berth.linux.SyscallException;
import io.berth.runtime.spec.Seccomp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's default profile, converted for x86_64 and no extra capabilities. */
class SeccompDockerProfileTest {
    private static final int CLONE_NEWUTS = 0x04000000;

    @TempDir
    Path dir;

    @Test
    void compilesToAProgramTheKernelCanTake() throws Exception {
        Seccomp spec = DockerProfile.forArch("SCMP_ARCH_X86_64", "amd64");
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), spec.architectures());
        SeccompProgram program = SeccompCompiler.compile(spec);
        assertEquals(0, program.bpf().length % 8);
        // three arches and ~370 syscalls: hundreds of instructions, within BPF_MAXINSNS
        assertTrue(program.instructions() > 300 && program.instructions() <= SeccompFilter.MAX_INSTRUCTIONS,
                program.instructions() + " instructions");
        assertEquals(0, program.flags());
        assertEquals(List.of(), program.warnings());
        program.skipped().forEach(w -> assertTrue(w.contains(": unknown syscall "), w));
    }

    @Test
    void allowsOrdinaryCallsAndRefusesPrivilegedOnes() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the profile is converted for x86_64");
        Seccomp docker = DockerProfile.forArch("SCMP_ARCH_X86_64", "amd64");
        // defaultErrnoRet changed from EPERM so a refusal by the filter is told apart from the kernel's
        Seccomp spec = new Seccomp(docker.defaultAction(), Errno.EOPNOTSUPP, docker.architectures(),
                docker.flags(), null, null, docker.syscalls());
        SeccompProgram program = SeccompCompiler.compile(spec);
        try (Fd parent = FileCalls.open(dir.toString(), FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
            List<Integer> results = FreshThread.call(() -> {
                Prctl.setNoNewPrivileges();
                SeccompFilter.install(program.bpf(), program.flags());
                return List.of(errnoOf(() -> FileCalls.mkdirAt(parent, "made", 0755)),
                        errnoOf(() -> Namespaces.unshareFlags(CLONE_NEWUTS, "uts")));
            });
            assertEquals(List.of(0, Errno.EOPNOTSUPP), results);
        }
    }

    @Test
    void aSyscallNewerThanAnOldProfileFailsWithEnosys() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the profile is converted for x86_64");
        Seccomp docker = DockerProfile.forArch("SCMP_ARCH_X86_64", "amd64");
        // the profile as it was before close_range (436) existed: nothing numbered 436 or above
        List<Seccomp.Syscall> old = docker.syscalls().stream().map(rule -> new Seccomp.Syscall(
                rule.names().stream().filter(name -> LibSeccomp.resolveSyscall(name).orElse(0) < 436).toList(),
                rule.action(), rule.errnoRet(), rule.args())).filter(rule -> !rule.names().isEmpty()).toList();
        SeccompProgram program = SeccompCompiler.compile(new Seccomp(docker.defaultAction(), Errno.EOPNOTSUPP,
                docker.architectures(), docker.flags(), null, null, old));
        int result = FreshThread.call(() -> {
            Prctl.setNoNewPrivileges();
            SeccompFilter.install(program.bpf(), program.flags());
            return errnoOf(() -> FileCalls.cloexecFrom(4000));
        });
        assertEquals(Errno.ENOSYS, result, "not the default action's EOPNOTSUPP: glibc falls back on ENOSYS");
    }

    private static int errnoOf(Runnable call) {
        try {
            call.run();
            return 0;
        } catch (SyscallException e) {
            return e.errno();
        }
    }
}
