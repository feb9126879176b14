package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A cgroup on a unified (v2) hierarchy: one directory, device rules as a BPF program. */
public final class CgroupV2Manager implements CgroupManager {
    /** The controllers create() enables for children, where the parent offers them. */
    static final List<String> CONTROLLERS = List.of("cpuset", "cpu", "io", "memory", "pids", "hugetlb", "misc");

    private final Path mount;
    private final Path dir;
    private final String path;
    private final DeviceFilterInstaller devices;

    public CgroupV2Manager(Path mount, String ownCgroup, String cgroupsPath, DeviceFilterInstaller devices) {
        CgroupPath.validate(cgroupsPath);
        this.mount = mount;
        this.path = cgroupsPath;
        this.dir = CgroupPath.resolve(mount, ownCgroup, cgroupsPath);
        this.devices = devices;
    }

    private CgroupV2Manager(CgroupV2Manager parent, Path dir, String path) {
        this.mount = parent.mount;
        this.dir = dir;
        this.path = path;
        this.devices = parent.devices;
    }

    @Override
    public CgroupManager sub(SubCgroups sub) {
        if (sub.isEmpty()) {
            return this;
        }
        for (Map.Entry<String, String> e : sub.paths().entrySet()) {
            if (!e.getKey().isEmpty()) {
                throw new IllegalArgumentException("invalid --cgroup argument: " + e.getKey() + ":" + e.getValue()
                        + " (controller prefix not supported for cgroup v2)");
            }
        }
        String relative = sub.paths().get("");
        return new CgroupV2Manager(this, SubCgroups.within(dir, relative), path + "/" + relative);
    }

    @Override
    public String path() {
        return path;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Optional<Path> directoryIn(Path mountPoint) {
        return mount.equals(mountPoint) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * Enables the controllers in each ancestor's cgroup.subtree_control, top down, one at a time:
     * an ancestor that holds processes refuses some (EBUSY), and apply() then names the file that
     * is missing rather than create() failing for a controller nobody asked for.
     */
    @Override
    public void create() {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new CgroupException("cgroup: mkdir " + dir + ": " + e.getMessage(), e);
        }
        for (Path p = mount; !p.equals(dir); p = p.resolve(dir.getName(p.getNameCount()))) {
            enableControllers(new CgroupFiles(p));
        }
    }

    private static void enableControllers(CgroupFiles parent) {
        for (String change : toEnable(parent)) {
            try {
                CgroupWriter.write(parent.dir().resolve("cgroup.subtree_control"), change);
            } catch (CgroupException refused) {
                // left for apply() to report if this controller turns out to be needed
            }
        }
    }

    /** The "+controller" writes that would give children what {@code parent} offers but has not enabled. */
    static List<String> toEnable(CgroupFiles parent) {
        Set<String> offered = Set.copyOf(Arrays.asList(parent.read("cgroup.controllers").orElse("").split("\\s+")));
        Set<String> enabled = Set.copyOf(Arrays.asList(parent.read("cgroup.subtree_control").orElse("").split("\\s+")));
        return CONTROLLERS.stream().filter(c -> offered.contains(c) && !enabled.contains(c)).map(c -> "+" + c).toList();
    }

    @Override
    public void apply(LinuxResources resources) {
        CgroupFiles files = new CgroupFiles(dir);
        List<CgroupWrite> plan = new ArrayList<>();
        for (Controller c : Controller.all()) {
            plan.addAll(c.planV2(resources, files));
        }
        if (!resources.devices().isEmpty()) {
            devices.install(dir, DeviceFilter.compile(resources.devices()));
        }
        plan.forEach(w -> CgroupWriter.write(dir, w));
    }

    @Override
    public void addProcess(int pid) {
        CgroupWriter.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
    }

    @Override
    public void addThread(int tid) {
        addProcess(tid); // cgroup.procs moves the thread's whole process
    }

    @Override
    public List<Integer> pids() {
        return CgroupTree.pids(dir);
    }

    @Override
    public void freeze() {
        new Freezer.V2(dir).freeze();
    }

    @Override
    public void thaw() {
        new Freezer.V2(dir).thaw();
    }

    @Override
    public boolean frozen() {
        return new Freezer.V2(dir).frozen();
    }

    @Override
    public CgroupStats stats() {
        return StatsV2.read(new CgroupFiles(dir));
    }

    @Override
    public void destroy() {
        CgroupTree.remove(dir);
    }

    @Override
    public String toString() {
        return "cgroup v2 " + path;
    }
}
