package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import java.util.List;

/** pids: pids.max; per config-linux.md a limit of 0 or below means unlimited. */
final class PidsController implements Controller {
    @Override
    public String name() {
        return "pids";
    }

    @Override
    public boolean requested(LinuxResources r) {
        return r.pids() != null && r.pids().limit() != null;
    }

    @Override
    public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
        return plan(r);
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        return plan(r);
    }

    private List<CgroupWrite> plan(LinuxResources r) {
        if (!requested(r)) {
            return List.of();
        }
        long limit = r.pids().limit();
        return List.of(new CgroupWrite(name(), "pids.max", limit <= 0 ? "max" : Long.toString(limit)));
    }
}
