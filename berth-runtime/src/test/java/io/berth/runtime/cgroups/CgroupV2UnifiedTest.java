package io.berth.runtime.cgroups;

import static io.berth.runtime.cgroups.Resources.allow;
import static io.berth.runtime.cgroups.Resources.deny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.linux.Bpf;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v2 manager for real on a child of the host's cgroup2 mount. On hybrid hosts that is the
 * controller-less /sys/fs/cgroup/unified, which still offers what cgroup2 has without controllers:
 * membership, cgroup.freeze, cpu.stat usage and device programs. The directory is made by hand,
 * because create() would enable controllers in the host's root cgroup.
 */
class CgroupV2UnifiedTest {
    private CgroupV2Manager cgroup;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Fixture.isRoot(), "needs root");
        CgroupLayout layout = CgroupLayout.detect();
        assumeTrue(layout.unified().isPresent(), "needs a cgroup2 mount");
        cgroup = new CgroupV2Manager(layout.unified().get(), layout.ownV2(),
                "/berth-test-bpf-" + UUID.randomUUID().toString().substring(0, 8), DeviceFilterInstaller.BPF);
        Files.createDirectory(cgroup.dir());
    }

    @AfterEach
    void tearDown() {
        if (cgroup != null) {
            cgroup.destroy();
        }
    }

    @Test
    void rulesCompileToAProgramTheKernelEnforces() throws Exception {
        cgroup.apply(Resources.devices(List.of(deny("a", null, null, null), allow("c", 1L, 5L, "r"))));
        assertEquals(0, run("head -c1 /dev/zero"), "c 1:5 r is allowed");
        assertTrue(run("cat /dev/null") != 0, "c 1:3 is denied by default");
        assertTrue(run("exec 3<>/dev/zero") != 0, "c 1:5 w is denied: the rule allows r only");

        // an update replaces the program rather than stacking another (both would have to allow)
        cgroup.apply(Resources.devices(List.of(allow("c", 1L, null, "rwm"), deny("c", 1L, 5L, "w"))));
        assertEquals(1, attached());
        assertEquals(0, run("cat /dev/null"), "c 1:* is now allowed");
        assertEquals(0, run("head -c1 /dev/zero"), "reading 1:5 is not denied");
        assertTrue(run("exec 3<>/dev/zero") != 0, "a later deny of w wins over the earlier allow");
        assertEquals(0, run("head -c1 /dev/urandom"), "c 1:9 falls under c 1:* rwm");
    }

    @Test
    void processJoinsFreezesAndThaws() throws Exception {
        Process busy = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
        try {
            int pid = (int) busy.pid();
            cgroup.addProcess(pid);
            assertEquals(List.of(pid), cgroup.pids());
            assertTrue(Files.readString(Path.of("/proc/" + pid + "/cgroup")).contains("0::" + cgroup.path()));
            Thread.sleep(100);
            assertTrue(cgroup.stats().cpu().totalNs() > 0);

            cgroup.freeze();
            assertTrue(cgroup.frozen());
            long frozenAt = cgroup.stats().cpu().totalNs();
            Thread.sleep(300);
            assertEquals(frozenAt, cgroup.stats().cpu().totalNs(), "a frozen cgroup must not run");
            cgroup.thaw();
            assertFalse(cgroup.frozen());
            Thread.sleep(300);
            assertTrue(cgroup.stats().cpu().totalNs() > frozenAt, "a thawed cgroup runs again");
        } finally {
            busy.destroyForcibly();
            busy.waitFor();
        }
    }

    private int attached() {
        try (Fd dir = FileCalls.open(cgroup.dir().toString(), FileCalls.O_RDONLY | FileCalls.O_DIRECTORY, 0)) {
            return Bpf.queryCgroupDevice(dir).size();
        }
    }

    private int run(String command) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c",
                "echo $$ > " + cgroup.dir().resolve("cgroup.procs") + " && " + command)
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
