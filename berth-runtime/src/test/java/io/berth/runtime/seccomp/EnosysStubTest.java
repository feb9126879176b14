package io.berth.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.linux.LibSeccomp;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the compiled filter does to syscalls newer than the profile, run in {@link BpfEvaluator}. */
class EnosysStubTest {
    private static final int ENOSYS = 0x00050000 | 38;
    private static final int EPERM = 0x00050000 | 1;
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    private static final int AUDIT_ARCH_I386 = 0x40000003;

    @Test
    void aSyscallNewerThanTheProfileGetsEnosysAndAnOlderOneTheDefault() {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "syscall numbers of x86-64");
        byte[] bpf = compile("""
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "architectures": ["SCMP_ARCH_X86"],
                 "syscalls": [{"names": ["read", "write", "openat2"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""");
        // openat2 (437) is the newest syscall the profile names on x86-64
        assertEquals(LibSeccomp.ACT_ALLOW, run(bpf, 0, AUDIT_ARCH_X86_64), "read: allowed");
        assertEquals(LibSeccomp.ACT_ALLOW, run(bpf, 437, AUDIT_ARCH_X86_64), "openat2: allowed");
        assertEquals(EPERM, run(bpf, 83, AUDIT_ARCH_X86_64), "mkdir: its rule");
        assertEquals(EPERM, run(bpf, 435, AUDIT_ARCH_X86_64), "clone3, older than openat2: the default");
        assertEquals(ENOSYS, run(bpf, 438, AUDIT_ARCH_X86_64), "newer than the profile");
        assertEquals(ENOSYS, run(bpf, 1000, AUDIT_ARCH_X86_64));
        // the i386 numbers are its own: openat2 is 437 there too, read is 3
        assertEquals(LibSeccomp.ACT_ALLOW, run(bpf, 3, AUDIT_ARCH_I386));
        assertEquals(ENOSYS, run(bpf, 500, AUDIT_ARCH_I386));
    }

    @Test
    void x32CallsAndUnlistedArchitecturesAreLeftToLibseccomp() {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "syscall numbers of x86-64");
        byte[] bpf = compile("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}""");
        byte[] plain = compileWithout("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}""");
        assertEquals(run(plain, 0x40000000 | 500, AUDIT_ARCH_X86_64), run(bpf, 0x40000000 | 500, AUDIT_ARCH_X86_64));
        assertEquals(run(plain, 500, AUDIT_ARCH_I386), run(bpf, 500, AUDIT_ARCH_I386));
    }

    @Test
    void anAllowingOrEnosysDefaultNeedsNoStub() {
        assertEquals(false, EnosysStub.wanted(LibSeccomp.ACT_ALLOW));
        assertEquals(false, EnosysStub.wanted(LibSeccomp.ACT_LOG));
        assertEquals(false, EnosysStub.wanted(LibSeccomp.actErrno(38)));
        assertEquals(true, EnosysStub.wanted(LibSeccomp.actErrno(1)));
        assertEquals(true, EnosysStub.wanted(LibSeccomp.ACT_KILL_PROCESS));
    }

    private static int run(byte[] bpf, int nr, int arch) {
        return BpfEvaluator.evaluate(bpf, nr, arch).orElseThrow();
    }

    private static byte[] compile(String json) {
        return SeccompCompiler.compile(SpecReader.parse(json.getBytes(StandardCharsets.UTF_8), Seccomp.class)).bpf();
    }

    /** The compiled program with the stub cut off: what libseccomp made on its own. */
    private static byte[] compileWithout(String json) {
        byte[] withStub = compile(json);
        int stubLength = 4 + 1 + 2; // one x86-64 block, the jump over the return, the return
        byte[] program = new byte[withStub.length - stubLength * 8];
        System.arraycopy(withStub, stubLength * 8, program, 0, program.length);
        return program;
    }
}
