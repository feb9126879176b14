package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.Rdma;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** rdma: "device hca_handle=N hca_object=M" per device; the file and format are the same on v1 and v2. */
final class RdmaController implements Controller {
    @Override
    public String name() {
        return "rdma";
    }

    @Override
    public boolean requested(LinuxResources r) {
        return !r.rdma().isEmpty();
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
        List<CgroupWrite> writes = new ArrayList<>();
        for (Map.Entry<String, Rdma> e : new TreeMap<>(r.rdma()).entrySet()) {
            Rdma limit = e.getValue();
            if (!e.getKey().matches("[^\\s/=]+")) {
                throw new CgroupException("cgroup: rdma device \"" + e.getKey() + "\" is not a device name");
            }
            StringBuilder value = new StringBuilder(e.getKey());
            if (limit != null && limit.hcaHandles() != null) {
                value.append(" hca_handle=").append(Integer.toUnsignedString(limit.hcaHandles()));
            }
            if (limit != null && limit.hcaObjects() != null) {
                value.append(" hca_object=").append(Integer.toUnsignedString(limit.hcaObjects()));
            }
            if (value.length() > e.getKey().length()) {
                writes.add(new CgroupWrite(name(), "rdma.max", value.toString()));
            }
        }
        return writes;
    }
}
