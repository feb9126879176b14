package io.berth.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupMountPlanTest {
    @Test
    void hybridHostsGetOneMountPerHierarchy() {
        CgroupMountPlan plan = CgroupMountPlan.parse(List.of(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"));
        assertFalse(plan.unifiedOnly());
        assertEquals(List.of(new CgroupMountPlan.Hierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct"),
                new CgroupMountPlan.Hierarchy("systemd", "cgroup", "xattr,name=systemd"),
                new CgroupMountPlan.Hierarchy("unified", "cgroup2", null)), plan.hierarchies());
    }

    @Test
    void pureV2HostsGetCgroup2() {
        assertTrue(CgroupMountPlan.parse(List.of("30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw")).unifiedOnly());
    }
}
