package io.berth.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMountPlanTest {
    @Test
    void hybridHostsGetOneMountPerHierarchy() {
        CgroupMountPlan plan = CgroupMountPlan.parse(List.of(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"));
        assertFalse(plan.unifiedOnly());
        assertEquals(List.of(
                new CgroupMountPlan.Hierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct", "/"),
                new CgroupMountPlan.Hierarchy("systemd", "cgroup", "xattr,name=systemd", "/sys/fs/cgroup/systemd", "/"),
                new CgroupMountPlan.Hierarchy("unified", "cgroup2", null, "/sys/fs/cgroup/unified", "/")),
                plan.hierarchies());
    }

    @Test
    void withoutACgroupNamespaceEachHierarchyShowsTheContainersOwnDirectory() {
        List<String> procCgroup = List.of("9:name=systemd:/ctr", "4:cpu,cpuacct:/ctr", "2:memory:/ctr", "0::/ctr");
        var cpu = new CgroupMountPlan.Hierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct", "/");
        assertEquals(java.util.Optional.of("/ctr"), cpu.pathIn(procCgroup));
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/sys/fs/cgroup/cpu,cpuacct/ctr")), cpu.hostPath("/ctr"));
        var systemd = new CgroupMountPlan.Hierarchy("systemd", "cgroup", "xattr,name=systemd", "/sys/fs/cgroup/systemd", "/");
        assertEquals(java.util.Optional.of("/ctr"), systemd.pathIn(procCgroup));
        var unified = new CgroupMountPlan.Hierarchy("unified", "cgroup2", null, "/sys/fs/cgroup/unified", "/");
        assertEquals(java.util.Optional.of("/ctr"), unified.pathIn(procCgroup));
        var pids = new CgroupMountPlan.Hierarchy("pids", "cgroup", "pids", "/sys/fs/cgroup/pids", "/");
        assertEquals(java.util.Optional.empty(), pids.pathIn(procCgroup));
        // a host mount that shows only part of the hierarchy (the host is itself in a container)
        var nested = new CgroupMountPlan.Hierarchy("memory", "cgroup", "memory", "/sys/fs/cgroup/memory", "/outer");
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/sys/fs/cgroup/memory/ctr")), nested.hostPath("/outer/ctr"));
        assertEquals(java.util.Optional.empty(), nested.hostPath("/elsewhere/ctr"));
    }

    @Test
    void aProcessesCgroupsAreReadOnceAndOnlyWhenAskedFor(@TempDir Path proc) throws Exception {
        var ofProcess = CgroupMountPlan.ContainerCgroups.ofProcess(proc.toString()); // no file yet: not read
        Files.writeString(proc.resolve("cgroup"), "4:cpu,cpuacct:/ctr\n2:memory:/ctr\n0::/ctr\n");
        var cpu = new CgroupMountPlan.Hierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct", "/");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/cpu,cpuacct/ctr")), ofProcess.hostDirectory(cpu));
        Files.writeString(proc.resolve("cgroup"), "2:memory:/moved\n");
        var memory = new CgroupMountPlan.Hierarchy("memory", "cgroup", "memory", "/sys/fs/cgroup/memory", "/");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/memory/ctr")), ofProcess.hostDirectory(memory));
        var pids = new CgroupMountPlan.Hierarchy("pids", "cgroup", "pids", "/sys/fs/cgroup/pids", "/");
        assertEquals(Optional.empty(), ofProcess.hostDirectory(pids));
    }

    @Test
    void pureV2HostsGetCgroup2() {
        assertTrue(CgroupMountPlan.parse(List.of("30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw")).unifiedOnly());
    }
}
