package io.berth.runtime.cgroups;

import static io.berth.runtime.cgroups.CgroupMemoryControllerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.runtime.spec.LinuxResources.BlockIO;
import io.berth.runtime.spec.LinuxResources.ThrottleDevice;
import io.berth.runtime.spec.LinuxResources.WeightDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupBlkioControllerTest {
    private final BlkioController blkio = new BlkioController();

    @TempDir
    Path tmp;

    private static BlockIO io(Integer weight, List<WeightDevice> wd, List<ThrottleDevice> readBps) {
        return new BlockIO(weight, null, wd, readBps, null, null, List.of(new ThrottleDevice(8, 0, 300)));
    }

    @Test
    void v1UsesTheBfqWeightWhenThatIsWhatExists() {
        CgroupFiles dir = Fixture.dir(tmp, Map.of("blkio.bfq.weight", "100", "blkio.bfq.weight_device", ""));
        List<CgroupWrite> plan = blkio.planV1(Resources.blockIO(io(500, List.of(new WeightDevice(8, 0, 200, null)),
                List.of(new ThrottleDevice(8, 0, 1048576)))), dir);
        assertEquals(List.of(w("blkio.bfq.weight", "500"), w("blkio.bfq.weight_device", "8:0 200"),
                w("blkio.throttle.read_bps_device", "8:0 1048576"),
                w("blkio.throttle.write_iops_device", "8:0 300")), plan);
    }

    @Test
    void v1WeightWithoutAnyWeightFileIsAClearError() {
        CgroupFiles dir = Fixture.dir(tmp, Map.of("blkio.throttle.read_bps_device", ""));
        assertMessage("does not support blkio weights", () -> blkio.planV1(Resources.blockIO(io(500, null, null)), dir));
    }

    @Test
    void v2ScalesWeightForIoWeightAndWritesIoMax() {
        CgroupFiles dir = Fixture.dir(tmp, Map.of("io.weight", "default 100", "io.max", ""));
        List<CgroupWrite> plan = blkio.planV2(Resources.blockIO(io(1000, null,
                List.of(new ThrottleDevice(8, 16, 0)))), dir);
        assertEquals(List.of(w("io.weight", "10000"), w("io.max", "8:16 rbps=max"), w("io.max", "8:0 wiops=300")), plan);
        assertEquals(1, BlkioController.weightToIoWeight(10));
    }

    @Test
    void v2KeepsTheV1RangeForBfq() {
        CgroupFiles dir = Fixture.dir(tmp, Map.of("io.bfq.weight", "default 100"));
        assertEquals(w("io.bfq.weight", "500"), blkio.planV2(Resources.blockIO(io(500, null, null)), dir).getFirst());
    }

    @Test
    void aZeroWeightMeansUnsetAsDockerWritesIt() {
        CgroupFiles dir = Fixture.dir(tmp, Map.of("blkio.throttle.read_bps_device", ""));
        BlockIO docker = new BlockIO(0, 0, null, null, null, null, null);
        assertEquals(List.of(), blkio.planV1(Resources.blockIO(docker), dir));
        assertEquals(false, blkio.requested(Resources.blockIO(docker)));
    }

    @Test
    void weightsOutOfRangeAreRefused() {
        CgroupFiles dir = Fixture.dir(tmp, Map.of("io.weight", ""));
        assertMessage("must be 10..1000", () -> blkio.planV2(Resources.blockIO(io(5, null, null)), dir));
    }

    @Test
    void pidsLimitZeroOrBelowIsUnlimited() {
        PidsController pids = new PidsController();
        CgroupFiles dir = Fixture.dir(tmp, Map.of());
        assertEquals(List.of(new CgroupWrite("pids", "pids.max", "max")), pids.planV1(Resources.pids(0L), dir));
        assertEquals(List.of(new CgroupWrite("pids", "pids.max", "max")), pids.planV2(Resources.pids(-1L), dir));
        assertEquals(List.of(new CgroupWrite("pids", "pids.max", "64")), pids.planV2(Resources.pids(64L), dir));
        assertEquals(List.of(), pids.planV2(Resources.pids(null), dir));
    }

    private static CgroupWrite w(String file, String value) {
        return new CgroupWrite("blkio", file, value);
    }
}
