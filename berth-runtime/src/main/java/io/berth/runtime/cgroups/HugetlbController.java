package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.HugepageLimit;
import java.util.ArrayList;
import java.util.List;

/** hugetlb: one limit per page size; a size the kernel does not offer is a clear error, not ENOENT. */
final class HugetlbController implements Controller {
    private static final String PAGE_SIZE = "[0-9]+[KMG]B";

    @Override
    public String name() {
        return "hugetlb";
    }

    @Override
    public boolean requested(LinuxResources r) {
        return !r.hugepageLimits().isEmpty();
    }

    @Override
    public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
        return plan(r, dir, ".limit_in_bytes");
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        return plan(r, dir, ".max");
    }

    private List<CgroupWrite> plan(LinuxResources r, CgroupFiles dir, String suffix) {
        List<CgroupWrite> writes = new ArrayList<>();
        for (HugepageLimit h : r.hugepageLimits()) {
            if (h.pageSize() == null || !h.pageSize().matches(PAGE_SIZE)) {
                throw new CgroupException("cgroup: hugepageLimits pageSize \"" + h.pageSize()
                        + "\" is not a size like 2MB or 1GB");
            }
            String file = "hugetlb." + h.pageSize() + suffix;
            if (!dir.has(file)) {
                throw new CgroupException("cgroup: hugepage size " + h.pageSize() + " is not supported here ("
                        + file + " is missing in " + dir.dir() + ")");
            }
            writes.add(new CgroupWrite(name(), file, Long.toUnsignedString(h.limit())));
        }
        return writes;
    }
}
