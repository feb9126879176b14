package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** linux.resources.unified: raw cgroup2 "file: value" pairs, written last so they can override. */
final class UnifiedController implements Controller {
    @Override
    public String name() {
        return "unified";
    }

    @Override
    public boolean requested(LinuxResources r) {
        return !r.unified().isEmpty();
    }

    @Override
    public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
        if (requested(r)) {
            throw new CgroupException("cgroup: linux.resources.unified " + r.unified().keySet()
                    + " needs cgroup v2, but this host's controllers are on v1");
        }
        return List.of();
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        List<CgroupWrite> writes = new ArrayList<>();
        // sorted so the plan is the same every time, whatever map the config produced
        for (Map.Entry<String, String> e : new TreeMap<>(r.unified()).entrySet()) {
            String file = e.getKey();
            if (file.contains("/") || !file.contains(".") || file.startsWith("cgroup.")) {
                throw new CgroupException("cgroup: linux.resources.unified key \"" + file
                        + "\" is not a controller file of this cgroup");
            }
            writes.add(new CgroupWrite(name(), file, e.getValue()));
        }
        return writes;
    }
}
