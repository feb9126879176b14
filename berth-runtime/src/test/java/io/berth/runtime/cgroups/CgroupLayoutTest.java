package io.berth.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {
    @Test
    void hybridHostKeepsV1ControllersAndSeesTheEmptyUnifiedMount() {
        CgroupLayout l = CgroupLayout.parse(Fixture.resource("hybrid.mountinfo"), Fixture.resource("hybrid.cgroup"));
        assertEquals(CgroupLayout.Mode.HYBRID, l.mode());
        assertTrue(l.mode().usesV1Controllers());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), l.unified());
        assertEquals(Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids",
                "name=systemd"), l.v1().keySet());
        assertEquals(Path.of("/sys/fs/cgroup/cpuacct"), l.v1().get("cpuacct").mountPoint());
        assertEquals(9, l.v1Hierarchies().size());
        assertEquals("/process_api/3721a4132ba767db387b1493a8830dcc", l.ownV1().get("memory"));
    }

    @Test
    void pureV2HostHasNoV1Controllers() {
        CgroupLayout l = CgroupLayout.parse(Fixture.resource("v2.mountinfo"), Fixture.resource("v2.cgroup"));
        assertEquals(CgroupLayout.Mode.V2, l.mode());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup")), l.unified());
        assertEquals("/user.slice/user-1000.slice/session-3.scope", l.ownV2());
    }

    @Test
    void coMountedControllersShareOneHierarchyAndMountRootsAreStripped() {
        CgroupLayout l = CgroupLayout.parse(Fixture.resource("v1-comounted.mountinfo"),
                Fixture.resource("v1-comounted.cgroup"));
        assertEquals(CgroupLayout.Mode.V1, l.mode());
        assertSame(l.v1().get("cpu"), l.v1().get("cpuacct"));
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), l.v1().get("cpu").mountPoint());
        assertEquals(Path.of("/sys/fs/cgroup/with space"), l.v1().get("pids").mountPoint());
        assertEquals("/inner", l.ownV1().get("pids"));
        // cpu+cpuacct, net_cls+net_prio, memory, pids, and name=systemd for membership
        assertEquals(5, l.v1Hierarchies().size());
        assertTrue(l.v1().containsKey("name=systemd"));
    }

    @Test
    void aLoneNamedHierarchyBesideCgroup2IsStillV2() {
        CgroupLayout l = CgroupLayout.parse("""
                30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
                31 30 0:27 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd
                """, "0::/\n1:name=systemd:/\n");
        assertEquals(CgroupLayout.Mode.V2, l.mode());
    }

    @Test
    void noCgroupMountIsAClearError() {
        CgroupLayout l = CgroupLayout.parse("22 28 0:21 / /proc rw - proc proc rw\n", "");
        CgroupException e = assertThrows(CgroupException.class, l::mode);
        assertTrue(e.getMessage().contains("no cgroup"), e.getMessage());
    }

    @Test
    void pathsResolveInsideTheHierarchyOnly() {
        Path mount = Path.of("/sys/fs/cgroup/memory");
        assertEquals(Path.of("/sys/fs/cgroup/memory/berth/abc"), CgroupPath.resolve(mount, "/user.slice", "/berth/abc"));
        assertEquals(Path.of("/sys/fs/cgroup/memory/user.slice/berth/abc"),
                CgroupPath.resolve(mount, "/user.slice", "berth/abc"));
        assertThrows(CgroupException.class, () -> CgroupPath.validate("/berth/../../etc"));
        assertThrows(CgroupException.class, () -> CgroupPath.validate("/"));
        assertThrows(CgroupException.class, () -> CgroupPath.validate(""));
    }
}
