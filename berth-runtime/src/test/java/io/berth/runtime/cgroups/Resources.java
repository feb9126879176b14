package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.BlockIO;
import io.berth.runtime.spec.LinuxResources.Cpu;
import io.berth.runtime.spec.LinuxResources.DeviceRule;
import io.berth.runtime.spec.LinuxResources.HugepageLimit;
import io.berth.runtime.spec.LinuxResources.Memory;
import io.berth.runtime.spec.LinuxResources.Pids;
import java.util.List;
import java.util.Map;

/** Terse builders for linux.resources in tests. */
final class Resources {
    private Resources() {}

    static LinuxResources memory(Long limit, Long reservation, Long swap) {
        return of(new Memory(limit, reservation, swap, null, null, null, null, null, null), null, null, null);
    }

    static LinuxResources memory(Memory m) {
        return of(m, null, null, null);
    }

    static LinuxResources cpu(Cpu cpu) {
        return of(null, cpu, null, null);
    }

    static Cpu cpu(Long shares, Long quota, Long period) {
        return new Cpu(shares, quota, null, period, null, null, null, null, null);
    }

    static LinuxResources pids(Long limit) {
        return of(null, null, new Pids(limit), null);
    }

    static LinuxResources blockIO(BlockIO b) {
        return of(null, null, null, b);
    }

    static LinuxResources devices(List<DeviceRule> rules) {
        return new LinuxResources(rules, null, null, null, null, null, null, null, null);
    }

    static LinuxResources hugepages(List<HugepageLimit> limits) {
        return new LinuxResources(null, null, null, null, null, limits, null, null, null);
    }

    static LinuxResources unified(Map<String, String> files) {
        return new LinuxResources(null, null, null, null, null, null, null, null, files);
    }

    static LinuxResources of(Memory m, Cpu c, Pids p, BlockIO b) {
        return new LinuxResources(null, m, c, p, b, null, null, null, null);
    }

    static DeviceRule allow(String type, Long major, Long minor, String access) {
        return new DeviceRule(true, type, major, minor, access);
    }

    static DeviceRule deny(String type, Long major, Long minor, String access) {
        return new DeviceRule(false, type, major, minor, access);
    }
}
