package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.Cpu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * cpuset: cpus and mems. On v1 a new cpuset cgroup starts with empty cpus and mems and refuses
 * tasks until both are filled, so {@link #inheritV1} copies them down from the nearest parent.
 */
final class CpusetController implements Controller {
    private static final String LIST = "[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*";

    @Override
    public String name() {
        return "cpuset";
    }

    @Override
    public boolean requested(LinuxResources r) {
        Cpu c = r.cpu();
        return c != null && (notBlank(c.cpus()) || notBlank(c.mems()));
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
        Cpu c = r.cpu();
        if (c == null) {
            return writes;
        }
        if (notBlank(c.cpus())) {
            writes.add(new CgroupWrite(name(), "cpuset.cpus", checked("cpu.cpus", c.cpus())));
        }
        if (notBlank(c.mems())) {
            writes.add(new CgroupWrite(name(), "cpuset.mems", checked("cpu.mems", c.mems())));
        }
        return writes;
    }

    /**
     * Fills empty cpuset.cpus/cpuset.mems from the mount root down to {@code leaf}, each from its
     * parent, the way runc's cpuset "ensureParent" does. Directories must already exist.
     */
    static void inheritV1(Path mountRoot, Path leaf) {
        List<Path> chain = new ArrayList<>();
        for (Path p = leaf; p != null && p.startsWith(mountRoot) && !p.equals(mountRoot); p = p.getParent()) {
            chain.addFirst(p);
        }
        for (Path dir : chain) {
            CgroupFiles parent = new CgroupFiles(dir.getParent());
            CgroupFiles self = new CgroupFiles(dir);
            for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                if (self.read(file).orElse("").isEmpty()) {
                    CgroupWriter.write(dir.resolve(file), parent.read(file).orElse(""));
                }
            }
        }
    }

    private static String checked(String field, String list) {
        String compact = list.replace(" ", "");
        if (!compact.matches(LIST)) {
            throw new CgroupException("cgroup: " + field + " \"" + list + "\" is not a list like 0-3,5");
        }
        return compact;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
