package io.berth.linux;

import io.berth.testing.FreshThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.linux.internal.Libc;
import io.berth.linux.internal.LibcFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SeccompFilter#install} for real, each time on a thread that dies afterwards. */
class SeccompFilterTest {
    @TempDir
    Path dir;

    /** default ALLOW; mkdirat fails with ENOSYS. */
    private static byte[] denyMkdirat() {
        try (LibSeccomp.Filter filter = LibSeccomp.newFilter(LibSeccomp.ACT_ALLOW)) {
            filter.addRule(LibSeccomp.actErrno(Errno.ENOSYS),
                    LibSeccomp.resolveSyscall("mkdirat").orElseThrow(), List.of());
            return filter.exportBpf();
        }
    }

    @Test
    void filterAppliesToTheCallingThreadOnly() throws Exception {
        byte[] bpf = denyMkdirat();
        try (Fd parent = FileCalls.open(dir.toString(), FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
            SyscallException denied = FreshThread.call(() -> {
                Prctl.setNoNewPrivileges();
                SeccompFilter.install(bpf, 0);
                assertEquals("2", threadStatus("Seccomp"), "SECCOMP_MODE_FILTER");
                return assertThrows(SyscallException.class, () -> FileCalls.mkdirAt(parent, "filtered", 0755));
            });
            assertEquals(Errno.ENOSYS, denied.errno());
            assertTrue(FreshThread.call(() -> FileCalls.mkdirAt(parent, "unfiltered", 0755)));
            assertEquals("0", threadStatus("Seccomp"));
        }
        assertTrue(Files.isDirectory(dir.resolve("unfiltered")));
    }

    @Test
    void argumentFilterSeesAllSixtyFourBits() throws Exception {
        // Docker's profile allows personality(0xffffffff), the query; here it is refused instead
        byte[] bpf;
        try (LibSeccomp.Filter filter = LibSeccomp.newFilter(LibSeccomp.ACT_ALLOW)) {
            filter.addRule(LibSeccomp.actErrno(Errno.ENOSYS), LibSeccomp.resolveSyscall("personality").orElseThrow(),
                    List.of(new LibSeccomp.ArgCompare(0, LibSeccomp.Compare.EQ, 0xffffffffL, 0)));
            bpf = filter.exportBpf();
        }
        List<Integer> results = FreshThread.call(() -> {
            Prctl.setNoNewPrivileges();
            SeccompFilter.install(bpf, 0);
            return List.of(personality(0xffffffffL), personality(PER_LINUX));
        });
        assertEquals(List.of(-Errno.ENOSYS, PER_LINUX), results);
        assertEquals(PER_LINUX, FreshThread.call(() -> personality(0xffffffffL)));
    }

    @Test
    void rootNeedsNoNoNewPrivs() throws Exception {
        assumeTrue(isRoot(), "CAP_SYS_ADMIN stands in for no_new_privs only for root");
        byte[] bpf = denyMkdirat();
        try (Fd parent = FileCalls.open(dir.toString(), FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
            SyscallException denied = FreshThread.call(() -> {
                SeccompFilter.install(bpf, SeccompFilter.FLAG_LOG);
                assertEquals(false, Prctl.noNewPrivileges());
                return assertThrows(SyscallException.class, () -> FileCalls.mkdirAt(parent, "x", 0755));
            });
            assertEquals(Errno.ENOSYS, denied.errno());
        }
    }

    @Test
    void kernelRejectionNamesTheSyscall() throws Exception {
        // "ld #0" without a return: the kernel's checker refuses it
        byte[] invalid = new byte[8];
        SyscallException e = FreshThread.call(() -> {
            Prctl.setNoNewPrivileges();
            return assertThrows(SyscallException.class, () -> SeccompFilter.install(invalid, 0));
        });
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("seccomp(SECCOMP_SET_MODE_FILTER, 1 instructions"), e.getMessage());
    }

    @Test
    void malformedProgramsAndFlagsAreRefusedBeforeTheKernel() {
        assertThrows(IllegalArgumentException.class, () -> SeccompFilter.install(new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> SeccompFilter.install(new byte[12], 0));
        assertThrows(IllegalArgumentException.class, () -> SeccompFilter.install(new byte[8 * 4097], 0));
        assertThrows(IllegalArgumentException.class, () -> SeccompFilter.install(new byte[8], 1), "TSYNC");
        assertThrows(IllegalArgumentException.class, () -> SeccompFilter.install(new byte[8], 8), "NEW_LISTENER");
    }

    private static final int PER_LINUX = 0;
    // personality(2), test-only: the previous persona, or -errno
    private static final LibcFunction PERSONALITY = LibcFunction.ofInt("personality");

    private static int personality(long persona) {
        int r = (int) PERSONALITY.invoke(persona);
        return r == -1 ? -Libc.errno() : r;
    }

    static String threadStatus(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).strip())
                .findFirst().orElseThrow();
    }

    static boolean isRoot() throws IOException {
        return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }
}
