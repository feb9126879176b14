package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * devices: on v1, deny everything and then replay the rules in order, as config-linux.md
 * describes. On v2 there is no file to write: {@link DeviceFilter} compiles the same rules into a
 * BPF program which the v2 manager attaches, so {@link #planV2} only validates.
 */
final class DevicesController implements Controller {
    @Override
    public String name() {
        return "devices";
    }

    @Override
    public boolean requested(LinuxResources r) {
        return !r.devices().isEmpty();
    }

    @Override
    public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
        List<CgroupWrite> writes = new ArrayList<>();
        if (!requested(r)) {
            return writes;
        }
        writes.add(new CgroupWrite(name(), "devices.deny", "a"));
        for (DeviceRule rule : r.devices()) {
            writes.add(new CgroupWrite(name(), rule.allow() ? "devices.allow" : "devices.deny", DeviceRules.v1(rule)));
        }
        return writes;
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        DeviceFilter.compile(r.devices());
        return List.of();
    }
}
