package io.berth.runtime.cgroups;

import static io.berth.runtime.cgroups.CgroupMemoryControllerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.InterfacePriority;
import io.berth.runtime.spec.LinuxResources.Network;
import io.berth.runtime.spec.LinuxResources.Rdma;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupNetworkRdmaControllerTest {
    @TempDir
    Path tmp;

    private static LinuxResources network(Network n) {
        return new LinuxResources(null, null, null, null, null, null, n, null, null);
    }

    @Test
    void v1WritesClassidAndOnePriorityPerInterface() {
        LinuxResources r = network(new Network(0x100001, List.of(new InterfacePriority("eth0", 5),
                new InterfacePriority("lo", 2))));
        CgroupFiles dir = Fixture.dir(tmp, Map.of());
        assertEquals(List.of(new CgroupWrite("net_cls", "net_cls.classid", "1048577")),
                new NetworkController.Classid().planV1(r, dir));
        assertEquals(List.of(new CgroupWrite("net_prio", "net_prio.ifpriomap", "eth0 5"),
                new CgroupWrite("net_prio", "net_prio.ifpriomap", "lo 2")), new NetworkController.Priorities().planV1(r, dir));
    }

    @Test
    void networkLimitsAreRefusedOnV2AndBadNamesEverywhere() {
        CgroupFiles dir = Fixture.dir(tmp, Map.of());
        assertMessage("no cgroup v2 equivalent", () -> new NetworkController.Classid().planV2(
                network(new Network(1, null)), dir));
        assertEquals(List.of(), new NetworkController.Priorities().planV2(network(new Network(1, null)), dir));
        assertMessage("not an interface name", () -> new NetworkController.Priorities().planV1(
                network(new Network(null, List.of(new InterfacePriority("a b", 1)))), dir));
    }

    @Test
    void rdmaWritesOnlyTheLimitsGiven() {
        LinuxResources r = new LinuxResources(null, null, null, null, null, null, null,
                Map.of("mlx5_1", new Rdma(3, null), "mlx4_0", new Rdma(2, 2000)), null);
        CgroupFiles dir = Fixture.dir(tmp, Map.of());
        assertEquals(List.of(new CgroupWrite("rdma", "rdma.max", "mlx4_0 hca_handle=2 hca_object=2000"),
                new CgroupWrite("rdma", "rdma.max", "mlx5_1 hca_handle=3")), new RdmaController().planV2(r, dir));
    }
}
