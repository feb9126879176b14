package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.BlockIO;
import io.berth.runtime.spec.LinuxResources.ThrottleDevice;
import io.berth.runtime.spec.LinuxResources.WeightDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * blkio (v1) / io (v2): weights and per-device throttles. Which weight file exists depends on the
 * disk scheduler (CFQ's blkio.weight is gone from new kernels; BFQ has its own), so the plan looks.
 */
final class BlkioController implements Controller {
    static final int MIN_WEIGHT = 10;
    static final int MAX_WEIGHT = 1000;

    @Override
    public String name() {
        return "blkio";
    }

    /**
     * A weight of 0 means "not set", as runc reads it: Docker writes blockIO.weight 0 into
     * every config.json when no weight was asked for.
     */
    static BlockIO withoutZeroWeights(BlockIO b) {
        if (b == null) {
            return null;
        }
        return new BlockIO(zeroIsUnset(b.weight()), zeroIsUnset(b.leafWeight()), b.weightDevice(),
                b.throttleReadBpsDevice(), b.throttleWriteBpsDevice(), b.throttleReadIOPSDevice(),
                b.throttleWriteIOPSDevice());
    }

    private static Integer zeroIsUnset(Integer weight) {
        return weight == null || weight == 0 ? null : weight;
    }

    @Override
    public boolean requested(LinuxResources r) {
        BlockIO b = withoutZeroWeights(r.blockIO());
        return b != null && (b.weight() != null || b.leafWeight() != null || !b.weightDevice().isEmpty()
                || !b.throttleReadBpsDevice().isEmpty() || !b.throttleWriteBpsDevice().isEmpty()
                || !b.throttleReadIOPSDevice().isEmpty() || !b.throttleWriteIOPSDevice().isEmpty());
    }

    @Override
    public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
        List<CgroupWrite> writes = new ArrayList<>();
        if (!requested(r)) {
            return writes;
        }
        BlockIO b = withoutZeroWeights(r.blockIO());
        validate(b);
        String weightFile = dir.has("blkio.bfq.weight") ? "blkio.bfq.weight" : "blkio.weight";
        if (b.weight() != null) {
            writes.add(write(need(dir, weightFile), Integer.toString(b.weight())));
        }
        if (b.leafWeight() != null) {
            writes.add(write(need(dir, "blkio.leaf_weight"), Integer.toString(b.leafWeight())));
        }
        for (WeightDevice d : b.weightDevice()) {
            String dev = Limits.device(d.major(), d.minor());
            if (d.weight() != null) {
                writes.add(write(need(dir, weightFile + "_device"), dev + " " + d.weight()));
            }
            if (d.leafWeight() != null) {
                writes.add(write(need(dir, "blkio.leaf_weight_device"), dev + " " + d.leafWeight()));
            }
        }
        throttlesV1(writes, "read_bps_device", b.throttleReadBpsDevice());
        throttlesV1(writes, "write_bps_device", b.throttleWriteBpsDevice());
        throttlesV1(writes, "read_iops_device", b.throttleReadIOPSDevice());
        throttlesV1(writes, "write_iops_device", b.throttleWriteIOPSDevice());
        return writes;
    }

    private void throttlesV1(List<CgroupWrite> writes, String suffix, List<ThrottleDevice> devices) {
        for (ThrottleDevice d : devices) {
            // a rate of 0 removes the device's rule on v1
            writes.add(write("blkio.throttle." + suffix, Limits.device(d.major(), d.minor()) + " " + d.rate()));
        }
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        List<CgroupWrite> writes = new ArrayList<>();
        if (!requested(r)) {
            return writes;
        }
        BlockIO b = withoutZeroWeights(r.blockIO());
        validate(b);
        if (b.leafWeight() != null) {
            throw new CgroupException("cgroup: blockIO.leafWeight is not supported on cgroup v2");
        }
        // BFQ's io.bfq.weight keeps the v1 range; io.weight needs the value scaled to 1..10000
        boolean bfq = dir.has("io.bfq.weight");
        if (b.weight() != null) {
            writes.add(bfq ? write("io.bfq.weight", Integer.toString(b.weight()))
                    : write("io.weight", Long.toString(weightToIoWeight(b.weight()))));
        }
        for (WeightDevice d : b.weightDevice()) {
            if (d.leafWeight() != null) {
                throw new CgroupException("cgroup: blockIO.weightDevice leafWeight is not supported on cgroup v2");
            }
            if (d.weight() != null) {
                String dev = Limits.device(d.major(), d.minor());
                writes.add(bfq ? write("io.bfq.weight", dev + " " + d.weight())
                        : write("io.weight", dev + " " + weightToIoWeight(d.weight())));
            }
        }
        throttlesV2(writes, "rbps", b.throttleReadBpsDevice());
        throttlesV2(writes, "wbps", b.throttleWriteBpsDevice());
        throttlesV2(writes, "riops", b.throttleReadIOPSDevice());
        throttlesV2(writes, "wiops", b.throttleWriteIOPSDevice());
        return writes;
    }

    private void throttlesV2(List<CgroupWrite> writes, String key, List<ThrottleDevice> devices) {
        for (ThrottleDevice d : devices) {
            String rate = d.rate() == 0 ? "max" : Long.toString(d.rate());
            writes.add(write("io.max", Limits.device(d.major(), d.minor()) + " " + key + "=" + rate));
        }
    }

    /** runc's mapping of blkio weight [10, 1000] onto io.weight [1, 10000]. */
    static long weightToIoWeight(int weight) {
        return 1 + (weight - 10L) * 9999 / 990;
    }

    private static void validate(BlockIO b) {
        checkWeight("blockIO.weight", b.weight());
        checkWeight("blockIO.leafWeight", b.leafWeight());
        for (WeightDevice d : b.weightDevice()) {
            checkWeight("blockIO.weightDevice " + d.major() + ":" + d.minor() + " weight", d.weight());
            checkWeight("blockIO.weightDevice " + d.major() + ":" + d.minor() + " leafWeight", d.leafWeight());
        }
        for (List<ThrottleDevice> list : List.of(b.throttleReadBpsDevice(), b.throttleWriteBpsDevice(),
                b.throttleReadIOPSDevice(), b.throttleWriteIOPSDevice())) {
            for (ThrottleDevice d : list) {
                if (d.rate() < 0 || d.major() < 0 || d.minor() < 0) {
                    throw new CgroupException("cgroup: blockIO throttle " + d + " has a negative number");
                }
            }
        }
    }

    private static void checkWeight(String field, Integer weight) {
        if (weight != null && (weight < MIN_WEIGHT || weight > MAX_WEIGHT)) {
            throw new CgroupException("cgroup: " + field + " must be " + MIN_WEIGHT + ".." + MAX_WEIGHT
                    + ", got " + weight);
        }
    }

    private static String need(CgroupFiles dir, String file) {
        if (!dir.has(file)) {
            throw new CgroupException("cgroup: " + file + " is missing in " + dir.dir()
                    + " (the disk scheduler of this host does not support blkio weights)");
        }
        return file;
    }

    private CgroupWrite write(String file, String value) {
        return new CgroupWrite(name(), file, value);
    }
}
