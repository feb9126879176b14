package io.berth.runtime.spec;

import io.berth.runtime.spec.LinuxResources.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The device cgroup rules every container gets after its own, as runc adds them: mknod of
 * anything, and use of the default /dev nodes and of ptys. Without these, a config that
 * denies all devices (the usual default) could not even create /dev/null.
 */
public final class DefaultDeviceRules {
    private static final List<DeviceRule> ALLOWED = List.of(
            new DeviceRule(true, "c", null, null, "m"),
            new DeviceRule(true, "b", null, null, "m"),
            new DeviceRule(true, "c", 1L, 3L, "rwm"),    // null
            new DeviceRule(true, "c", 1L, 5L, "rwm"),    // zero
            new DeviceRule(true, "c", 1L, 7L, "rwm"),    // full
            new DeviceRule(true, "c", 1L, 8L, "rwm"),    // random
            new DeviceRule(true, "c", 1L, 9L, "rwm"),    // urandom
            new DeviceRule(true, "c", 5L, 0L, "rwm"),    // tty
            new DeviceRule(true, "c", 5L, 1L, "rwm"),    // console
            new DeviceRule(true, "c", 5L, 2L, "rwm"),    // ptmx
            new DeviceRule(true, "c", 136L, null, "rwm"), // pts/*
            new DeviceRule(true, "c", 10L, 200L, "rwm")); // net/tun

    private DefaultDeviceRules() {}

    /** {@code resources} with the default allow rules appended to its device rules. */
    public static LinuxResources apply(LinuxResources resources) {
        List<DeviceRule> rules = new ArrayList<>(resources.devices());
        rules.addAll(ALLOWED);
        return new LinuxResources(rules, resources.memory(), resources.cpu(), resources.pids(), resources.blockIO(),
                resources.hugepageLimits(), resources.network(), resources.rdma(), resources.unified());
    }
}
