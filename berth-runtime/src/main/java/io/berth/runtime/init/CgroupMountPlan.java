package io.berth.runtime.init;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a "cgroup" mount in config.json becomes real mounts on this host: cgroup2 on a pure v2
 * host; on v1 and hybrid hosts a tmpfs with one cgroup v1 mount per hierarchy (and the empty
 * unified one), as runc does. Read from the host's mountinfo before pivot_root.
 */
record CgroupMountPlan(boolean unifiedOnly, List<Hierarchy> hierarchies) {

    /** One v1 hierarchy: its directory name under /sys/fs/cgroup and its mount data. */
    record Hierarchy(String name, String type, String data) {}

    static CgroupMountPlan forHost() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
        }
        return parse(lines);
    }

    static CgroupMountPlan parse(List<String> mountinfo) {
        List<Hierarchy> hierarchies = new ArrayList<>();
        boolean v1 = false;
        for (String line : mountinfo) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] pre = halves[0].split(" ");
            String[] post = halves[1].split(" ");
            String mountPoint = pre[4];
            String type = post[0];
            if (!mountPoint.startsWith("/sys/fs/cgroup")) {
                continue;
            }
            String name = mountPoint.equals("/sys/fs/cgroup") ? "" : Path.of(mountPoint).getFileName().toString();
            if (type.equals("cgroup")) {
                v1 = true;
                List<String> controllers = new ArrayList<>();
                for (String opt : post[2].split(",")) {
                    if (!opt.equals("rw") && !opt.equals("ro") && !opt.startsWith("clone_children")
                            && !opt.equals("noprefix") && !opt.startsWith("release_agent")) {
                        controllers.add(opt);
                    }
                }
                hierarchies.add(new Hierarchy(name, "cgroup", String.join(",", controllers)));
            } else if (type.equals("cgroup2")) {
                hierarchies.add(new Hierarchy(name, "cgroup2", null));
            }
        }
        return new CgroupMountPlan(!v1, List.copyOf(hierarchies));
    }
}
