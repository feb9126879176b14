package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.Cpu;
import java.util.ArrayList;
import java.util.List;

/**
 * cpu: shares/weight, CFS quota and period, burst, realtime (v1 only), idle. Period goes before
 * quota and burst after both, because the kernel checks burst against the quota in force.
 */
final class CpuController implements Controller {
    static final long MIN_SHARES = 2;
    static final long MAX_SHARES = 262144;

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public boolean requested(LinuxResources r) {
        Cpu c = r.cpu();
        return c != null && (Limits.set(c.shares()) || Limits.set(c.quota()) || Limits.set(c.period())
                || c.burst() != null || Limits.set(c.realtimeRuntime()) || Limits.set(c.realtimePeriod())
                || c.idle() != null);
    }

    @Override
    public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
        Cpu c = r.cpu();
        List<CgroupWrite> writes = new ArrayList<>();
        if (c == null) {
            return writes;
        }
        validate(c);
        if (Limits.set(c.shares())) {
            writes.add(write("cpu.shares", c.shares()));
        }
        if (Limits.set(c.period())) {
            writes.add(write("cpu.cfs_period_us", c.period()));
        }
        if (Limits.set(c.quota())) {
            writes.add(write("cpu.cfs_quota_us", c.quota()));
        }
        if (c.burst() != null) {
            writes.add(write("cpu.cfs_burst_us", c.burst()));
        }
        // the runtime must fit in the period at every moment, so the period goes first
        if (Limits.set(c.realtimePeriod())) {
            writes.add(write("cpu.rt_period_us", c.realtimePeriod()));
        }
        if (Limits.set(c.realtimeRuntime())) {
            writes.add(write("cpu.rt_runtime_us", c.realtimeRuntime()));
        }
        if (c.idle() != null) {
            writes.add(write("cpu.idle", c.idle()));
        }
        return writes;
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        Cpu c = r.cpu();
        List<CgroupWrite> writes = new ArrayList<>();
        if (c == null) {
            return writes;
        }
        validate(c);
        if (Limits.set(c.realtimeRuntime()) || Limits.set(c.realtimePeriod())) {
            throw new CgroupException("cgroup: cpu.realtimeRuntime/realtimePeriod are not supported on cgroup v2");
        }
        if (Limits.set(c.shares())) {
            writes.add(new CgroupWrite(name(), "cpu.weight", Long.toString(sharesToWeight(c.shares()))));
        }
        if (Limits.set(c.quota()) || Limits.set(c.period())) {
            String quota = c.quota() != null && c.quota() > 0 ? Long.toString(c.quota()) : "max";
            String period = Limits.set(c.period()) ? " " + c.period() : "";
            writes.add(new CgroupWrite(name(), "cpu.max", quota + period));
        }
        if (c.burst() != null) {
            writes.add(write("cpu.max.burst", c.burst()));
        }
        if (c.idle() != null) {
            writes.add(write("cpu.idle", c.idle()));
        }
        return writes;
    }

    /** runc's mapping of v1 shares [2, 262144] onto v2 weight [1, 10000]. */
    static long sharesToWeight(long shares) {
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    private static void validate(Cpu c) {
        if (Limits.set(c.shares()) && (c.shares() < MIN_SHARES || c.shares() > MAX_SHARES)) {
            throw new CgroupException("cgroup: cpu.shares must be " + MIN_SHARES + ".." + MAX_SHARES
                    + ", got " + c.shares());
        }
        Limits.requireLimit("cpu.quota", c.quota());
        if (c.period() != null && c.period() < 0) {
            throw new CgroupException("cgroup: cpu.period must be positive, got " + c.period());
        }
        if (c.burst() != null && c.burst() < 0) {
            throw new CgroupException("cgroup: cpu.burst must not be negative, got " + c.burst());
        }
    }

    private CgroupWrite write(String file, long value) {
        return new CgroupWrite(name(), file, Long.toString(value));
    }
}
