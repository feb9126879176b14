package io.berth.runtime.cgroups;

import static io.berth.runtime.cgroups.CgroupMemoryControllerTest.assertMessage;
import static io.berth.runtime.cgroups.Resources.allow;
import static io.berth.runtime.cgroups.Resources.deny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Bpf;
import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.Cpu;
import io.berth.runtime.spec.LinuxResources.Memory;
import io.berth.runtime.spec.LinuxResources.Pids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 manager against a fixture tree shaped like a cgroup2 mount (this host's v2 has no controllers). */
class CgroupV2ManagerTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path mount;

    private final List<List<Bpf.Instruction>> installed = new ArrayList<>();
    private CgroupV2Manager cgroup;
    private Path dir;

    @BeforeEach
    void setUp() {
        Fixture.dir(mount, Map.of("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc",
                "cgroup.subtree_control", "cpu memory"));
        cgroup = new CgroupV2Manager(mount, "/user.slice", "/berth/abc", (d, program) -> installed.add(program));
        dir = cgroup.dir();
        Fixture.dir(dir, Map.of("memory.max", "max", "memory.swap.max", "max", "memory.low", "0",
                "cpu.weight", "100", "cpu.max", "max 100000", "pids.max", "max", "io.weight", "default 100",
                "cgroup.freeze", "0", "cgroup.events", "populated 1\nfrozen 0\n", "memory.high", "max"));
    }

    @Test
    void absolutePathsLiveUnderTheMountAndParentsGetControllersEnabled() {
        assertEquals(mount.resolve("berth/abc"), dir);
        assertEquals(List.of("+cpuset", "+io", "+pids", "+hugetlb", "+misc"),
                CgroupV2Manager.toEnable(new CgroupFiles(mount)));
        assertEquals(List.of(), CgroupV2Manager.toEnable(new CgroupFiles(dir)), "nothing offered, nothing enabled");
        cgroup.create();
        assertTrue(Files.isDirectory(dir));
        // the fixture keeps only the last write; the kernel would keep them all
        assertEquals("+misc", Fixture.read(mount.resolve("cgroup.subtree_control")));
    }

    @Test
    void itsDirectoryIsFoundByTheMountPointAlone() {
        assertEquals(java.util.Optional.of(dir), cgroup.directoryIn(mount));
        assertEquals(java.util.Optional.empty(), cgroup.directoryIn(mount.resolve("unified")));
    }

    @Test
    void applyWritesV2FilesAndInstallsTheDeviceProgram() {
        LinuxResources r = new LinuxResources(List.of(deny("a", null, null, null), allow("c", 1L, 3L, "rw")),
                new Memory(256 * MIB, 64 * MIB, 512 * MIB, null, null, 60L, true, null, null),
                new Cpu(1024L, 50000L, null, 100000L, null, null, null, null, null), new Pids(0L),
                null, null, null, null, Map.of("memory.high", "200M"));
        cgroup.apply(r);
        assertEquals(Long.toString(256 * MIB), file("memory.max"));
        assertEquals(Long.toString(256 * MIB), file("memory.swap.max"));
        assertEquals(Long.toString(64 * MIB), file("memory.low"));
        assertEquals("39", file("cpu.weight"));
        assertEquals("50000 100000", file("cpu.max"));
        assertEquals("max", file("pids.max"));
        assertEquals("200M", file("memory.high"));
        assertEquals(1, installed.size());
        assertEquals(DeviceFilter.compile(r.devices()), installed.getFirst());
    }

    @Test
    void aMissingControllerFileNamesItself() {
        assertMessage("io.max: ENOENT", () -> cgroup.apply(Resources.blockIO(new LinuxResources.BlockIO(null, null,
                null, List.of(new LinuxResources.ThrottleDevice(8, 0, 1)), null, null, null))));
    }

    @Test
    void invalidResourcesWriteNothing() {
        LinuxResources r = new LinuxResources(List.of(allow("c", 1L, 3L, "rw")), new Memory(MIB, null, null,
                null, null, null, null, null, null), new Cpu(1L, null, null, null, null, null, null, null, null),
                null, null, null, null, null, null);
        assertMessage("cpu.shares", () -> cgroup.apply(r));
        assertEquals("max", file("memory.max"));
        assertEquals(List.of(), installed);
    }

    @Test
    void freezeWaitsForCgroupEvents() throws Exception {
        Files.writeString(dir.resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        cgroup.freeze();
        assertEquals("1", file("cgroup.freeze"));
        assertTrue(cgroup.frozen());
        Files.writeString(dir.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        cgroup.thaw();
        assertEquals("0", file("cgroup.freeze"));
        assertFalse(cgroup.frozen());
    }

    @Test
    void aFreezeThatNeverCompletesIsUndoneAndReported() {
        assertMessage("did not become frozen", cgroup::freeze);
        assertEquals("0", file("cgroup.freeze"));
    }

    @Test
    void pidsIncludeDescendants() {
        Fixture.dir(dir, Map.of("cgroup.procs", "10\n11\n"));
        Fixture.dir(dir.resolve("child"), Map.of("cgroup.procs", "12\n"));
        assertEquals(List.of(10, 11, 12), cgroup.pids());
    }

    @Test
    void statsComeFromV2Files() {
        Fixture.dir(dir, Map.of(
                "cpu.stat", "usage_usec 1000\nuser_usec 600\nsystem_usec 400\nnr_periods 5\nnr_throttled 2\n"
                        + "throttled_usec 30\n",
                "memory.current", "4096", "memory.peak", "8192",
                "memory.stat", "anon 1024\nfile 2048\nkernel 0\n", "memory.swap.current", "0",
                "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n"));
        Fixture.dir(dir, Map.of("pids.current", "3", "pids.max", "64",
                "io.stat", "8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n",
                "hugetlb.2MB.current", "2097152", "hugetlb.2MB.events", "max 4\n"));
        CgroupStats s = cgroup.stats();
        assertEquals(new CgroupStats.Cpu(1_000_000, 600_000, 400_000, 5, 2, 30_000), s.cpu());
        assertEquals(new CgroupStats.Memory(4096, CgroupStats.UNLIMITED, 8192, 2048, 1024, 0, CgroupStats.UNLIMITED),
                s.memory());
        assertEquals(new CgroupStats.Pids(3, 64), s.pids());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 100), new CgroupStats.BlkioEntry(8, 0, "Write", 200)),
                s.blkio());
        assertEquals(Map.of("2MB", new CgroupStats.Hugetlb(2097152, 0, 4)), s.hugetlb());
        assertEquals(1, s.oomKillCount());
    }

    private String file(String name) {
        return Fixture.read(dir.resolve(name));
    }
}
