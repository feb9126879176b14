package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cgroup on v1 (or hybrid) hosts: one directory per mounted hierarchy, plus the unified
 * cgroup2 hierarchy of a hybrid host, which only records membership.
 */
public final class CgroupV1Manager implements CgroupManager {
    // which hierarchy answers pids(): any holds every process; these are the likeliest mounted
    private static final List<String> PID_SOURCES = List.of("freezer", "pids", "memory", "cpu", "devices");

    private final String path;
    private final Map<String, Path> dirs = new LinkedHashMap<>();
    private final Map<Path, Path> mountOfDir = new LinkedHashMap<>();
    private final Path unified;

    public CgroupV1Manager(CgroupLayout layout, String cgroupsPath) {
        CgroupPath.validate(cgroupsPath);
        this.path = cgroupsPath;
        for (Map.Entry<String, CgroupLayout.V1Hierarchy> e : layout.v1().entrySet()) {
            Path mount = e.getValue().mountPoint();
            Path dir = CgroupPath.resolve(mount, layout.ownV1().getOrDefault(e.getKey(), "/"), cgroupsPath);
            dirs.put(e.getKey(), dir);
            mountOfDir.put(dir, mount);
        }
        // a hybrid host's controller-less cgroup2: joined for membership only, as runc does
        this.unified = layout.unified().orElse(null);
        if (unified != null) {
            mountOfDir.put(CgroupPath.resolve(unified, layout.ownV2(), cgroupsPath), unified);
        }
    }

    private CgroupV1Manager(String path, Path unified) {
        this.path = path;
        this.unified = unified;
    }

    @Override
    public CgroupManager sub(SubCgroups sub) {
        if (sub.isEmpty()) {
            return this;
        }
        for (String controller : sub.paths().keySet()) {
            if (!controller.isEmpty() && !dirs.containsKey(controller)) {
                throw new IllegalArgumentException("invalid --cgroup argument: " + controller + ":"
                        + sub.paths().get(controller) + " (no " + controller + " hierarchy on this host)");
            }
        }
        CgroupV1Manager out = new CgroupV1Manager(path + " (exec --cgroup)", unified);
        Map<Path, Path> moved = new LinkedHashMap<>();
        for (Map.Entry<Path, Path> e : mountOfDir.entrySet()) {
            List<String> controllers = dirs.entrySet().stream().filter(d -> d.getValue().equals(e.getKey()))
                    .map(Map.Entry::getKey).toList();
            Path dir = sub.forAny(controllers).map(s -> SubCgroups.within(e.getKey(), s)).orElse(e.getKey());
            moved.put(e.getKey(), dir);
            out.mountOfDir.put(dir, e.getValue());
        }
        dirs.forEach((controller, dir) -> out.dirs.put(controller, moved.get(dir)));
        return out;
    }

    @Override
    public String path() {
        return path;
    }

    /** The directory for {@code controller}, if its hierarchy is mounted. */
    public Optional<Path> dir(String controller) {
        return Optional.ofNullable(dirs.get(controller));
    }

    @Override
    public void create() {
        for (Path dir : mountOfDir.keySet()) {
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new CgroupException("cgroup: mkdir " + dir + ": " + e.getMessage(), e);
            }
        }
        // without cpus and mems a v1 cpuset refuses tasks, with an unhelpful ENOSPC
        dir("cpuset").ifPresent(leaf -> CpusetController.inheritV1(mountOfDir.get(leaf), leaf));
    }

    @Override
    public void apply(LinuxResources resources) {
        List<Map.Entry<Path, CgroupWrite>> plan = new ArrayList<>();
        Map<Controller, CgroupFiles> planned = new LinkedHashMap<>();
        for (Controller c : Controller.all()) {
            Path dir = dirs.get(c.name());
            if (dir == null) {
                if (c.requested(resources)) {
                    throw unavailable(c, resources);
                }
                continue;
            }
            CgroupFiles files = new CgroupFiles(dir);
            planned.put(c, files);
            c.planV1(resources, files).forEach(w -> plan.add(Map.entry(dir, w)));
        }
        plan.forEach(e -> CgroupWriter.write(e.getKey(), e.getValue()));
        planned.forEach((c, files) -> c.verifyV1(resources, files));
    }

    private static CgroupException unavailable(Controller c, LinuxResources resources) {
        if (c instanceof UnifiedController u) {
            u.planV1(resources, null); // throws its own, more specific error
        }
        return new CgroupException("cgroup: linux.resources sets " + c.name() + " limits, but the "
                + c.name() + " controller is not mounted as cgroup v1 on this host");
    }

    @Override
    public void addProcess(int pid) {
        for (Path dir : mountOfDir.keySet()) {
            CgroupWriter.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
        }
    }

    @Override
    public void addThread(int tid) {
        for (Map.Entry<Path, Path> e : mountOfDir.entrySet()) {
            // a hybrid host's cgroup2 has no tasks file: there the whole process moves
            String file = e.getValue().equals(unified) ? "cgroup.procs" : "tasks";
            CgroupWriter.write(e.getKey().resolve(file), Integer.toString(tid));
        }
    }

    @Override
    public Optional<Path> directoryIn(Path mountPoint) {
        for (Map.Entry<Path, Path> e : mountOfDir.entrySet()) {
            if (e.getValue().equals(mountPoint)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Integer> pids() {
        for (String controller : PID_SOURCES) {
            if (dirs.containsKey(controller)) {
                return CgroupTree.pids(dirs.get(controller));
            }
        }
        return mountOfDir.isEmpty() ? List.of() : CgroupTree.pids(mountOfDir.keySet().iterator().next());
    }

    @Override
    public void freeze() {
        freezer().freeze();
    }

    @Override
    public void thaw() {
        freezer().thaw();
    }

    @Override
    public boolean frozen() {
        return freezer().frozen();
    }

    private Freezer freezer() {
        return new Freezer.V1(dir("freezer").orElseThrow(() ->
                new CgroupException("cgroup: the freezer controller is not mounted on this host")));
    }

    @Override
    public CgroupStats stats() {
        return StatsV1.read(controller -> dir(controller).map(CgroupFiles::new));
    }

    /** Tries every hierarchy even when one is busy, so one stuck task leaves as little behind as possible. */
    @Override
    public void destroy() {
        CgroupException first = null;
        long deadline = CgroupTree.deadline();
        for (Path dir : mountOfDir.keySet()) {
            try {
                CgroupTree.remove(dir, deadline);
            } catch (CgroupException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "cgroup v1 " + path;
    }
}
