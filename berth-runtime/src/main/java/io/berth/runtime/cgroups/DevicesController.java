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

    /**
     * devices.list read back must be the planned state, as runc checks too: a parent cgroup
     * changed meanwhile, or a kernel that merges rules differently, would otherwise leave the
     * container with devices nobody asked for.
     */
    @Override
    public void verifyV1(LinuxResources r, CgroupFiles dir) {
        if (!requested(r)) {
            return;
        }
        String list = dir.read("devices.list")
                .orElseThrow(() -> new CgroupException("cgroup: no devices.list in " + dir.dir()));
        DeviceCgroupV1State actual = DeviceCgroupV1State.parseList(list).orElseThrow(() -> new CgroupException(
                "cgroup: cannot parse " + dir.dir().resolve("devices.list") + ": " + list.replace('\n', ',')));
        List<String> differences = DeviceCgroupV1State.of(r.devices()).differencesFrom(actual);
        if (!differences.isEmpty()) {
            throw new CgroupException("cgroup: " + dir.dir().resolve("devices.list")
                    + " does not show the devices linux.resources.devices asked for: " + String.join("; ", differences));
        }
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        DeviceFilter.compile(r.devices());
        return List.of();
    }
}
