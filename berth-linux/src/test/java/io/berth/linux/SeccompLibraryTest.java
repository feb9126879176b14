package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link LibSeccomp} against the real libseccomp.so.2. */
class SeccompLibraryTest {
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;

    @Test
    void resolvesSyscallNamesForTheNativeArch() {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "syscall numbers below are x86_64's");
        assertEquals(OptionalInt.of(258), LibSeccomp.resolveSyscall("mkdirat"));
        assertEquals(OptionalInt.of(135), LibSeccomp.resolveSyscall("personality"));
        assertEquals(OptionalInt.empty(), LibSeccomp.resolveSyscall("no_such_syscall"));
    }

    @Test
    void resolvesArchNames() {
        assertEquals(OptionalInt.of(AUDIT_ARCH_X86_64), LibSeccomp.resolveArch("x86_64"));
        assertTrue(LibSeccomp.resolveArch("aarch64").isPresent());
        assertEquals(OptionalInt.empty(), LibSeccomp.resolveArch("pdp11"));
    }

    @Test
    void exportsClassicBpfThatStartsByCheckingTheArch() {
        byte[] bpf;
        try (LibSeccomp.Filter filter = LibSeccomp.newFilter(LibSeccomp.ACT_ALLOW)) {
            filter.setNoNewPrivsOnLoad(false);
            filter.addArch(LibSeccomp.resolveArch("x86").orElseThrow());
            filter.addArch(LibSeccomp.resolveArch("x86").orElseThrow()); // again: a no-op
            filter.addRule(LibSeccomp.actErrno(Errno.ENOSYS),
                    LibSeccomp.resolveSyscall("mkdirat").orElseThrow(),
                    List.of(new LibSeccomp.ArgCompare(2, LibSeccomp.Compare.MASKED_EQ, 0700, 0700)));
            bpf = filter.exportBpf();
        }
        assertTrue(bpf.length > 0 && bpf.length % 8 == 0, "length " + bpf.length);
        ByteBuffer first = ByteBuffer.wrap(bpf, 0, 8).order(ByteOrder.nativeOrder());
        assertEquals(0x20, first.getShort(0), "BPF_LD|BPF_W|BPF_ABS");
        assertEquals(4, first.getInt(4), "offsetof(struct seccomp_data, arch)");
    }

    @Test
    void binaryTreeOptimizationIsAvailableAndStillExports() {
        try (LibSeccomp.Filter filter = LibSeccomp.newFilter(LibSeccomp.ACT_ALLOW)) {
            assertTrue(filter.optimizeAsBinaryTree(), "libseccomp 2.5+ knows SCMP_FLTATR_CTL_OPTIMIZE");
            for (String name : List.of("mkdirat", "mkdir", "rmdir", "unlinkat", "chroot", "mount")) {
                filter.addRule(LibSeccomp.actErrno(Errno.EPERM), LibSeccomp.resolveSyscall(name).orElseThrow(), List.of());
            }
            assertTrue(filter.exportBpf().length > 0);
        }
    }

    @Test
    void ruleWithTheDefaultActionIsRefusedByLibseccomp() {
        try (LibSeccomp.Filter filter = LibSeccomp.newFilter(LibSeccomp.ACT_ALLOW)) {
            SyscallException e = assertThrows(SyscallException.class, () -> filter.addRule(
                    LibSeccomp.ACT_ALLOW, LibSeccomp.resolveSyscall("getpid").orElseThrow(), List.of()));
            assertEquals("seccomp_rule_add_array", e.syscall());
        }
    }

    @Test
    void releasedFilterCannotBeUsed() {
        LibSeccomp.Filter filter = LibSeccomp.newFilter(LibSeccomp.ACT_ALLOW);
        filter.close();
        filter.close();
        assertThrows(IllegalStateException.class, filter::exportBpf);
    }

    @Test
    void argumentIndexAboveFiveIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new LibSeccomp.ArgCompare(6, LibSeccomp.Compare.EQ, 0, 0));
    }

    @Test
    void missingLibraryIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LibSeccomp.lookup("libseccomp-berth-missing.so.9"));
        assertTrue(e.getMessage().startsWith("libseccomp-berth-missing.so.9 could not be loaded"), e.getMessage());
    }

    @Test
    void actionsCarryTheirData() {
        assertEquals(0x00050026, LibSeccomp.actErrno(38));
        assertEquals(0x7ff00001, LibSeccomp.actTrace(1));
    }
}
