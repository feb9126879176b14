package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import java.util.ArrayList;
import java.util.List;

/**
 * devices: on v1, the rules replayed in order on a cgroup that denies everything, as
 * config-linux.md describes, give the state to reach; only the difference from what
 * devices.list shows now is written ({@link DeviceCgroupV1State}). On v2 there is no file to
 * write: {@link DeviceFilter} compiles the same rules into a BPF program which the v2 manager
 * attaches, so {@link #planV2} only validates.
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
        DeviceCgroupV1State target = DeviceCgroupV1State.of(r.devices());
        DeviceCgroupV1State current = dir.read("devices.list").flatMap(DeviceCgroupV1State::parseList)
                .orElseGet(DeviceCgroupV1State::unknown);
        for (DeviceCgroupV1State.Write w : current.transitionTo(target)) {
            writes.add(new CgroupWrite(name(), w.file(), w.value()));
        }
        return writes;
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        DeviceFilter.compile(r.devices());
        return List.of();
    }
}
