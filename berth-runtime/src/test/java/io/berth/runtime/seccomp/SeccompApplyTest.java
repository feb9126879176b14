package io.berth.runtime.seccomp;

import io.berth.testing.FreshThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Prctl;
import io.berth.linux.SeccompFilter;
import io.berth.linux.SyscallException;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiled programs installed for real, each on a fresh thread that dies afterwards. The
 * thread sets no_new_privs first, so these run without root too.
 */
class SeccompApplyTest {
    private static final int ALLOWED = 0;

    @TempDir
    Path dir;
    private Fd parent;

    @BeforeEach
    void openDir() {
        parent = FileCalls.open(dir.toString(), FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0);
    }

    @AfterEach
    void closeDir() {
        parent.close();
    }

    @Test
    void errnoRuleFailsTheCallOnTheFilteredThreadOnly() throws Exception {
        SeccompProgram program = SeccompCompiler.compile(fixture("deny-mkdir.json"));
        assertEquals(List.of(Errno.ENOSYS), underFilter(program, () -> List.of(mkdir(parent, "a", 0755))));
        assertEquals(ALLOWED, FreshThread.call(() -> mkdir(parent, "a", 0755)));
        assertTrue(Files.isDirectory(dir.resolve("a")));
    }

    @Test
    void sameArgumentIndexOrsAndMaskedEqualMasks() throws Exception {
        SeccompProgram program = SeccompCompiler.compile(fixture("mkdir-args.json"));
        List<Integer> results = underFilter(program, () -> List.of(
                mkdir(parent, "mode700", 0700), mkdir(parent, "mode711", 0711),
                mkdir(parent, "mode757", 0757), mkdir(parent, "mode755", 0755)));
        assertEquals(List.of(Errno.ENOSYS, Errno.ENOSYS, Errno.ENOTEMPTY, ALLOWED), results);
    }

    @Test
    void differentArgumentIndexesAnd() throws Exception {
        try (Fd other = FileCalls.open(dir.toString(), FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
            Seccomp spec = new Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of(), null, null, List.of(
                    new Seccomp.Syscall(List.of("mkdirat"), "SCMP_ACT_ERRNO", 38, List.of(
                            new Seccomp.Arg(0, parent.number(), null, "SCMP_CMP_EQ"),
                            new Seccomp.Arg(2, 0700, null, "SCMP_CMP_EQ")))));
            List<Integer> results = underFilter(SeccompCompiler.compile(spec), () -> List.of(
                    mkdir(parent, "both", 0700), mkdir(parent, "fdOnly", 0755), mkdir(other, "modeOnly", 0700)));
            assertEquals(List.of(Errno.ENOSYS, ALLOWED, ALLOWED), results);
        }
    }

    /** Runs {@code calls} on a fresh thread after installing {@code program} there. */
    private static <T> T underFilter(SeccompProgram program, java.util.concurrent.Callable<T> calls) throws Exception {
        return FreshThread.call(() -> {
            Prctl.setNoNewPrivileges();
            SeccompFilter.install(program.bpf(), program.flags());
            return calls.call();
        });
    }

    /** 0 if mkdirat succeeded, else its errno. */
    private static int mkdir(Fd dir, String name, int mode) {
        try {
            FileCalls.mkdirAt(dir, name, mode);
            return ALLOWED;
        } catch (SyscallException e) {
            return e.errno();
        }
    }

    static Seccomp fixture(String name) throws IOException {
        try (InputStream in = SeccompApplyTest.class.getResourceAsStream("/seccomp/" + name)) {
            return SpecReader.parse(in.readAllBytes(), Seccomp.class);
        }
    }
}
