package io.berth.runtime.cgroups;

import static io.berth.runtime.cgroups.CgroupMemoryControllerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.runtime.spec.LinuxResources.Cpu;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupCpuControllerTest {
    private final CpuController cpu = new CpuController();

    @TempDir
    Path tmp;

    @Test
    void sharesMapOntoWeightLikeRunc() {
        assertEquals(1, CpuController.sharesToWeight(2));
        assertEquals(39, CpuController.sharesToWeight(1024));
        assertEquals(10000, CpuController.sharesToWeight(262144));
    }

    @Test
    void v1WritesPeriodBeforeQuotaAndBurstAfter() {
        Cpu c = new Cpu(512L, 50000L, 1000L, 100000L, null, null, null, null, 1L);
        assertEquals(List.of(w("cpu.shares", "512"), w("cpu.cfs_period_us", "100000"),
                w("cpu.cfs_quota_us", "50000"), w("cpu.cfs_burst_us", "1000"), w("cpu.idle", "1")),
                cpu.planV1(Resources.cpu(c), dir()));
    }

    @Test
    void v1RealtimePeriodGoesBeforeRuntime() {
        Cpu c = new Cpu(null, null, null, null, 9000L, 10000L, null, null, null);
        assertEquals(List.of(w("cpu.rt_period_us", "10000"), w("cpu.rt_runtime_us", "9000")),
                cpu.planV1(Resources.cpu(c), dir()));
    }

    @Test
    void v2CpuMaxCombinesQuotaAndPeriod() {
        assertEquals(List.of(w("cpu.weight", "39"), w("cpu.max", "50000 100000")),
                cpu.planV2(Resources.cpu(Resources.cpu(1024L, 50000L, 100000L)), dir()));
        assertEquals(List.of(w("cpu.max", "max 20000")), cpu.planV2(Resources.cpu(Resources.cpu(null, -1L, 20000L)), dir()));
        assertEquals(List.of(w("cpu.max", "30000")), cpu.planV2(Resources.cpu(Resources.cpu(null, 30000L, null)), dir()));
    }

    @Test
    void invalidValuesAreClearErrors() {
        assertMessage("cpu.shares must be", () -> cpu.planV1(Resources.cpu(Resources.cpu(1L, null, null)), dir()));
        assertMessage("cpu.quota", () -> cpu.planV2(Resources.cpu(Resources.cpu(null, -7L, null)), dir()));
        assertMessage("not supported on cgroup v2", () -> cpu.planV2(Resources.cpu(
                new Cpu(null, null, null, null, 1000L, 10000L, null, null, null)), dir()));
    }

    @Test
    void cpusetListsAreCheckedAndCompacted() {
        CpusetController cpuset = new CpusetController();
        Cpu c = new Cpu(null, null, null, null, null, null, "0-1, 3", "0", null);
        assertEquals(List.of(new CgroupWrite("cpuset", "cpuset.cpus", "0-1,3"), new CgroupWrite("cpuset", "cpuset.mems", "0")),
                cpuset.planV1(Resources.cpu(c), dir()));
        assertMessage("is not a list", () -> cpuset.planV2(Resources.cpu(
                new Cpu(null, null, null, null, null, null, "all", null, null)), dir()));
    }

    @Test
    void cpusetV1InheritsEmptyParentsTopDown() throws Exception {
        Path root = tmp.resolve("cpuset");
        Fixture.dir(root, Map.of("cpuset.cpus", "0-3", "cpuset.mems", "0"));
        Fixture.dir(root.resolve("berth"), Map.of("cpuset.cpus", "", "cpuset.mems", "\n"));
        Fixture.dir(root.resolve("berth/abc"), Map.of("cpuset.cpus", "1", "cpuset.mems", ""));
        CpusetController.inheritV1(root, root.resolve("berth/abc"));
        assertEquals("0-3", Fixture.read(root.resolve("berth/cpuset.cpus")));
        assertEquals("0", Fixture.read(root.resolve("berth/cpuset.mems")));
        assertEquals("1", Fixture.read(root.resolve("berth/abc/cpuset.cpus")), "a set value is kept");
        assertEquals("0", Fixture.read(root.resolve("berth/abc/cpuset.mems")));
        assertEquals("0-3", Fixture.read(root.resolve("cpuset.cpus")), "the mount root is never written");
    }

    private CgroupFiles dir() {
        return Fixture.dir(tmp.resolve("cpu"), Map.of());
    }

    private static CgroupWrite w(String file, String value) {
        return new CgroupWrite(file.startsWith("cpuset") ? "cpuset" : "cpu", file, value);
    }
}
