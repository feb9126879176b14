package io.berth.runtime.cgroups;

import static io.berth.runtime.cgroups.CgroupMemoryControllerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.runtime.spec.LinuxResources.HugepageLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupHugetlbControllerTest {
    private final HugetlbController hugetlb = new HugetlbController();

    @TempDir
    Path tmp;

    @Test
    void writesOneLimitPerPageSize() {
        CgroupFiles v1 = Fixture.dir(tmp.resolve("v1"), Map.of("hugetlb.2MB.limit_in_bytes", ""));
        CgroupFiles v2 = Fixture.dir(tmp.resolve("v2"), Map.of("hugetlb.2MB.max", "max"));
        var limits = Resources.hugepages(List.of(new HugepageLimit("2MB", 4194304)));
        assertEquals(List.of(new CgroupWrite("hugetlb", "hugetlb.2MB.limit_in_bytes", "4194304")), hugetlb.planV1(limits, v1));
        assertEquals(List.of(new CgroupWrite("hugetlb", "hugetlb.2MB.max", "4194304")), hugetlb.planV2(limits, v2));
    }

    @Test
    void unknownOrMalformedSizesAreClearErrors() {
        CgroupFiles v2 = Fixture.dir(tmp, Map.of("hugetlb.2MB.max", "max"));
        assertMessage("hugepage size 1GB is not supported",
                () -> hugetlb.planV2(Resources.hugepages(List.of(new HugepageLimit("1GB", 1))), v2));
        assertMessage("not a size like 2MB",
                () -> hugetlb.planV2(Resources.hugepages(List.of(new HugepageLimit("../x", 1))), v2));
    }

    @Test
    void unifiedKeysGoOnlyToV2AndOnlyToControllerFiles() {
        UnifiedController unified = new UnifiedController();
        CgroupFiles dir = Fixture.dir(tmp, Map.of());
        assertEquals(List.of(new CgroupWrite("unified", "memory.high", "1G"), new CgroupWrite("unified", "pids.max", "9")),
                unified.planV2(Resources.unified(Map.of("pids.max", "9", "memory.high", "1G")), dir));
        assertMessage("needs cgroup v2", () -> unified.planV1(Resources.unified(Map.of("memory.high", "1")), dir));
        assertMessage("not a controller file", () -> unified.planV2(Resources.unified(Map.of("cgroup.procs", "1")), dir));
        assertMessage("not a controller file", () -> unified.planV2(Resources.unified(Map.of("../x.max", "1")), dir));
    }
}
