package io.berth.runtime.cgroups;

import static io.berth.runtime.cgroups.CgroupMemoryControllerTest.assertMessage;
import static io.berth.runtime.cgroups.Resources.allow;
import static io.berth.runtime.cgroups.Resources.deny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.BlockIO;
import io.berth.runtime.spec.LinuxResources.Cpu;
import io.berth.runtime.spec.LinuxResources.HugepageLimit;
import io.berth.runtime.spec.LinuxResources.Memory;
import io.berth.runtime.spec.LinuxResources.Pids;
import io.berth.runtime.spec.LinuxResources.ThrottleDevice;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs against the host's real v1 hierarchies (this project's CI hosts are hybrid). */
class CgroupV1ManagerTest {
    private static final long MIB = 1 << 20;

    private final List<Process> started = new ArrayList<>();
    private CgroupV1Manager cgroup;

    @BeforeEach
    void setUp() {
        assumeTrue(Fixture.isRoot(), "needs root");
        CgroupLayout layout = CgroupLayout.detect();
        assumeTrue(layout.mode().usesV1Controllers(), "needs cgroup v1 controllers");
        CgroupManager m = CgroupManager.forHost("/berth-test-" + UUID.randomUUID().toString().substring(0, 8));
        cgroup = assertInstanceOf(CgroupV1Manager.class, m);
        cgroup.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cgroup == null) {
            return;
        }
        try {
            if (cgroup.dir("freezer").isPresent() && Files.exists(cgroup.dir("freezer").get())) {
                cgroup.thaw(); // a frozen task cannot act on SIGKILL
            }
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
                p.waitFor();
            }
            cgroup.destroy();
        }
    }

    @Test
    void createIsIdempotentAndFillsTheCpuset() {
        cgroup.create();
        Path cpuset = cgroup.dir("cpuset").orElseThrow();
        assertFalse(Fixture.read(cpuset.resolve("cpuset.cpus")).isEmpty());
        assertFalse(Fixture.read(cpuset.resolve("cpuset.mems")).isEmpty());
    }

    @Test
    void eachHierarchysDirectoryIsFoundByItsMountPoint() {
        CgroupLayout layout = CgroupLayout.detect();
        for (CgroupLayout.V1Hierarchy h : layout.v1Hierarchies()) {
            Path dir = cgroup.directoryIn(h.mountPoint()).orElseThrow(() -> new AssertionError(h.mountPoint()));
            assertTrue(dir.startsWith(h.mountPoint()) && Files.isDirectory(dir), dir.toString());
            assertTrue(dir.endsWith(Path.of(cgroup.path().substring(1))), dir.toString());
        }
        layout.unified().ifPresent(u -> assertTrue(Files.isDirectory(cgroup.directoryIn(u).orElseThrow())));
        assertEquals(java.util.Optional.empty(), cgroup.directoryIn(Path.of("/sys/fs/cgroup/no-such-hierarchy")));
    }

    @Test
    void appliedLimitsReadBack() {
        Cpu cpu = new Cpu(512L, 50000L, null, 100000L, null, null, "0", "0", null);
        LinuxResources r = new LinuxResources(null, new Memory(64 * MIB, 32 * MIB, 128 * MIB, null, null, 10L,
                null, null, null), cpu, new Pids(32L), new BlockIO(200, null, null, throttle(), null, null, null),
                null, null, null, null);
        cgroup.apply(r);
        assertEquals(Long.toString(64 * MIB), file("memory", "memory.limit_in_bytes"));
        assertEquals(Long.toString(128 * MIB), file("memory", "memory.memsw.limit_in_bytes"));
        assertEquals(Long.toString(32 * MIB), file("memory", "memory.soft_limit_in_bytes"));
        assertEquals("10", file("memory", "memory.swappiness"));
        assertEquals("512", file("cpu", "cpu.shares"));
        assertEquals("50000", file("cpu", "cpu.cfs_quota_us"));
        assertEquals("0", file("cpuset", "cpuset.cpus"));
        assertEquals("32", file("pids", "pids.max"));
        if (cgroup.dir("blkio").map(d -> Files.exists(d.resolve("blkio.bfq.weight"))).orElse(false)) {
            assertTrue(file("blkio", "blkio.bfq.weight").contains("200"), file("blkio", "blkio.bfq.weight"));
        }
        if (!throttle().isEmpty()) {
            assertTrue(file("blkio", "blkio.throttle.read_bps_device").contains(" 1048576"));
        }
    }

    @Test
    void liveUpdateLowersAndRaisesMemoryAroundMemsw() {
        cgroup.apply(Resources.memory(256 * MIB, null, 512 * MIB));
        cgroup.apply(Resources.memory(32 * MIB, null, 64 * MIB)); // limit must go first
        assertEquals(Long.toString(32 * MIB), file("memory", "memory.limit_in_bytes"));
        assertEquals(Long.toString(64 * MIB), file("memory", "memory.memsw.limit_in_bytes"));
        cgroup.apply(Resources.memory(1024 * MIB, null, 2048 * MIB)); // memsw must go first
        assertEquals(Long.toString(2048 * MIB), file("memory", "memory.memsw.limit_in_bytes"));
        cgroup.apply(Resources.memory(-1L, null, null));
        assertEquals(CgroupFiles.UNLIMITED, new CgroupFiles(cgroup.dir("memory").orElseThrow())
                .readLong("memory.memsw.limit_in_bytes", 0));
        cgroup.apply(Resources.pids(0L));
        assertEquals("max", file("pids", "pids.max"));
    }

    @Test
    void processJoinsFreezesThawsAndShowsInStats() throws Exception {
        cgroup.apply(Resources.pids(16L));
        Process sleep = start("sleep", "30");
        int pid = (int) sleep.pid();
        cgroup.addProcess(pid);
        assertEquals(List.of(pid), cgroup.pids());
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cgroup")).contains("freezer:" + cgroup.path()));

        cgroup.freeze();
        assertTrue(cgroup.frozen());
        assertEquals("FROZEN", file("freezer", "freezer.state"));
        cgroup.thaw();
        assertFalse(cgroup.frozen());
        assertEquals("THAWED", file("freezer", "freezer.state"));
        assertTrue(sleep.isAlive());

        CgroupStats stats = cgroup.stats();
        assertEquals(1, stats.pids().current());
        assertEquals(16, stats.pids().limit());
        assertTrue(stats.memory().usage() >= 0);
        assertEquals(CgroupStats.UNLIMITED, stats.memory().limit());
        assertTrue(stats.cpu().totalNs() >= 0);
        assertEquals(0, stats.oomKillCount());
    }

    @Test
    void statsSeeRealUsageAndAFrozenCgroupUsesNoCpu() throws Exception {
        // allocate and spin only after joining: v1 charges memory where it is allocated
        Process busy = start("/bin/sh", "-c",
                "read go; x=$(head -c 20000000 /dev/zero | tr '\\0' a); echo ready; while :; do :; done");
        cgroup.addProcess((int) busy.pid());
        busy.getOutputStream().write("go\n".getBytes());
        busy.getOutputStream().flush();
        assertEquals("ready", new BufferedReader(new InputStreamReader(busy.getInputStream())).readLine());

        CgroupStats before = cgroup.stats();
        assertTrue(before.memory().usage() >= 20_000_000, "usage " + before.memory().usage());
        assertTrue(before.memory().maxUsage() >= before.memory().usage());
        assertTrue(before.cpu().totalNs() > 0);
        assertEquals(1, before.pids().current());

        cgroup.freeze();
        long frozenAt = cgroup.stats().cpu().totalNs();
        Thread.sleep(300);
        assertEquals(frozenAt, cgroup.stats().cpu().totalNs(), "a frozen cgroup must not run");
        cgroup.thaw();
        Thread.sleep(300);
        assertTrue(cgroup.stats().cpu().totalNs() > frozenAt, "a thawed cgroup runs again");
    }

    @Test
    void destroyWaitsForTheLastTaskThenRemovesEverything() throws Exception {
        Process sleep = start("sleep", "30");
        cgroup.addProcess((int) sleep.pid());
        assertMessage("processes still inside: [" + sleep.pid() + "]", cgroup::destroy);
        sleep.destroyForcibly();
        sleep.waitFor();
        cgroup.destroy();
        for (String c : List.of("memory", "cpu", "freezer", "pids")) {
            assertFalse(Files.exists(cgroup.dir(c).orElseThrow()), c);
        }
        cgroup.destroy(); // already gone is fine
    }

    @Test
    void kernelRejectionNamesFileValueAndErrno() throws Exception {
        Path memory = cgroup.dir("memory").orElseThrow();
        // allocate after joining: v1 charges memory where it is allocated, and there is no swap to push it to
        Process hog = start("/bin/sh", "-c", "echo $$ > " + memory.resolve("cgroup.procs")
                + " && x=$(head -c 30000000 /dev/zero | tr '\\0' a) && echo ready && exec sleep 30");
        assertEquals("ready", new BufferedReader(new InputStreamReader(hog.getInputStream())).readLine());
        assumeTrue(Files.readAllLines(Path.of("/proc/meminfo")).stream().anyMatch(l -> l.matches("SwapTotal:\\s+0 kB")),
                "needs a host without swap");
        CgroupException e = assertThrows(CgroupException.class, () -> cgroup.apply(Resources.memory(4096L, null, null)));
        assertTrue(e.getMessage().startsWith("cgroup: write \"4096\" to " + memory.resolve("memory.limit_in_bytes")
                + ": EBUSY"), e.getMessage());

        // beyond the host's CPUs: EINVAL or ERANGE depending on the kernel
        CgroupException cpus = assertThrows(CgroupException.class, () -> cgroup.apply(Resources.cpu(
                new Cpu(null, null, null, null, null, null, "1023", null, null))));
        assertTrue(cpus.getMessage().matches("cgroup: write \"1023\" to .*/cpuset.cpus: E[A-Z]+ \\(.*"),
                cpus.getMessage());
        cgroup.apply(Resources.memory(64 * MIB, null, null));
        assertMessage("memory.memsw.limit_in_bytes: EINVAL", () -> cgroup.apply(Resources.memory(null, null, 32 * MIB)));
    }

    @Test
    void devicesRulesDecideWhatTheCgroupMayOpen() throws Exception {
        cgroup.apply(Resources.devices(List.of(deny(null, null, null, "rwm"), allow("c", 1L, 5L, "r"))));
        assertEquals("c 1:5 r", file("devices", "devices.list"));
        assertTrue(runInDevicesCgroup("head -c1 /dev/zero") == 0, "/dev/zero is allowed");
        assertTrue(runInDevicesCgroup("cat /dev/null") != 0, "/dev/null is denied");

        cgroup.apply(Resources.devices(List.of(deny("a", null, null, null), allow("c", 1L, 3L, "rw"))));
        assertEquals(0, runInDevicesCgroup("cat /dev/null"), "after an update /dev/null is allowed");
        assertTrue(runInDevicesCgroup("head -c1 /dev/zero") != 0, "and /dev/zero no longer");
    }

    @Test
    void deviceUpdatesReachTheSameStateAsAFreshCgroup() {
        var base = List.of(deny(null, null, null, "rwm"), allow("c", 1L, 3L, "rwm"), allow("c", 1L, 5L, "rwm"),
                allow("b", null, null, "m"));
        cgroup.apply(Resources.devices(base));
        assertEquals(List.of("b *:* m", "c 1:3 rwm", "c 1:5 rwm"), sortedLines(file("devices", "devices.list")));
        // narrower, wider and moved: what the kernel lists is what replaying the rules would give
        cgroup.apply(Resources.devices(List.of(deny(null, null, null, "rwm"), allow("c", 1L, 3L, "r"),
                allow("c", 10L, 229L, "rwm"), allow("b", null, null, "m"), deny("c", 1L, 3L, "r"))));
        assertEquals(List.of("b *:* m", "c 10:229 rwm"), sortedLines(file("devices", "devices.list")));
        cgroup.apply(Resources.devices(List.of(allow(null, null, null, "rwm"), deny("c", 1L, 5L, "w"))));
        assertEquals("a *:* rwm", file("devices", "devices.list"), "allow-all lists no exceptions");
        assertEquals(0, runInDevicesCgroupQuietly("head -c1 /dev/zero"), "allowed by default");
        cgroup.apply(Resources.devices(base));
        assertEquals(List.of("b *:* m", "c 1:3 rwm", "c 1:5 rwm"), sortedLines(file("devices", "devices.list")));
    }

    @Test
    void aDeviceTheParentCgroupDeniesIsRefusedByName() {
        cgroup.apply(Resources.devices(List.of(deny(null, null, null, "rwm"), allow("c", 1L, 3L, "rwm"))));
        CgroupV1Manager inner = assertInstanceOf(CgroupV1Manager.class, CgroupManager.forHost(cgroup.path() + "/inner"));
        try {
            inner.create();
            inner.apply(Resources.devices(List.of(deny(null, null, null, "rwm"), allow("c", 1L, 3L, "r"))));
            assertEquals("c 1:3 r", Fixture.read(inner.dir("devices").orElseThrow().resolve("devices.list")));
            CgroupException e = assertThrows(CgroupException.class, () -> inner.apply(Resources.devices(
                    List.of(deny(null, null, null, "rwm"), allow("c", 1L, 3L, "r"), allow("c", 1L, 5L, "r")))));
            assertTrue(e.getMessage().startsWith("cgroup: write \"c 1:5 r\" to "
                    + inner.dir("devices").orElseThrow().resolve("devices.allow") + ": EPERM"), e.getMessage());
            assertEquals("c 1:3 r", Fixture.read(inner.dir("devices").orElseThrow().resolve("devices.list")), "what the container had is kept");
        } finally {
            inner.destroy();
        }
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    private int runInDevicesCgroupQuietly(String command) {
        try {
            return runInDevicesCgroup(command);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void askingForAControllerTheHostLacksIsAClearError() {
        assumeTrue(cgroup.dir("hugetlb").isEmpty(), "this host mounts hugetlb on v1");
        assertMessage("hugetlb controller is not mounted", () -> cgroup.apply(
                Resources.hugepages(List.of(new HugepageLimit("2MB", 2 * MIB)))));
        assertMessage("needs cgroup v2", () -> cgroup.apply(Resources.unified(java.util.Map.of("memory.high", "1"))));
        cgroup.apply(Resources.pids(5L)); // and without them nothing is asked of it
    }

    private int runInDevicesCgroup(String command) throws Exception {
        Path procs = cgroup.dir("devices").orElseThrow().resolve("cgroup.procs");
        Process p = new ProcessBuilder("/bin/sh", "-c", "echo $$ > " + procs + " && exec " + command)
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private Process start(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private String file(String controller, String name) {
        return Fixture.read(cgroup.dir(controller).orElseThrow().resolve(name));
    }

    /** A throttle on the first real disk, or none where there is no disk to name. */
    private static List<ThrottleDevice> throttle() {
        try (var disks = Files.list(Path.of("/sys/block"))) {
            return disks.filter(d -> !d.getFileName().toString().matches("(loop|ram|zram).*")).findFirst()
                    .map(d -> Fixture.read(d.resolve("dev")).split(":"))
                    .map(mm -> List.of(new ThrottleDevice(Long.parseLong(mm[0]), Long.parseLong(mm[1]), 1048576)))
                    .orElse(List.of());
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
