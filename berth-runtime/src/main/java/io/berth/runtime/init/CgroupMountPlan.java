package io.berth.runtime.init;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a "cgroup" mount in config.json becomes real mounts on this host: cgroup2 on a pure v2
 * host; on v1 and hybrid hosts a tmpfs with one mount per hierarchy (and the empty unified
 * one), as runc does. With a cgroup namespace each is a new cgroup mount, rooted at the
 * container's cgroup; without one, a bind mount of the container's own cgroup directory (runc's
 * way too), so the container sees its own limits and not the host's tree, and a user namespace,
 * which may not mount cgroup v1 at all, still gets them. Read from the host's mountinfo before
 * pivot_root.
 */
record CgroupMountPlan(boolean unifiedOnly, List<Hierarchy> hierarchies) {

    /**
     * One hierarchy: its directory name under /sys/fs/cgroup, its type and mount data, and
     * where the host has it mounted ({@code root}: the part of the hierarchy that mount shows).
     */
    record Hierarchy(String name, String type, String data, String mountPoint, String root) {
        /** The host path of {@code cgroup} (a path in this hierarchy), or empty if the mount hides it. */
        Optional<Path> hostPath(String cgroup) {
            String relative = root.equals("/") ? cgroup : cgroup.startsWith(root + "/") || cgroup.equals(root)
                    ? cgroup.substring(root.length()) : null;
            return relative == null ? Optional.empty()
                    : Optional.of(Path.of(mountPoint, relative.replaceFirst("^/+", "")));
        }

        /** This hierarchy's line of a /proc/PID/cgroup ("ID:controllers:path"): its path there. */
        Optional<String> pathIn(List<String> procCgroup) {
            List<String> options = data == null ? List.of() : List.of(data.split(","));
            for (String line : procCgroup) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3) {
                    continue;
                }
                boolean match = type.equals("cgroup2") ? parts[1].isEmpty()
                        : !parts[1].isEmpty() && options.containsAll(List.of(parts[1].split(",")));
                if (match) {
                    return Optional.of(parts[2]);
                }
            }
            return Optional.empty();
        }
    }

    /** Where the container's cgroup is on the host, per hierarchy. */
    @FunctionalInterface
    interface ContainerCgroups {
        /** Its directory in {@code h}, or empty if it has none there that this host's mount shows. */
        Optional<Path> hostDirectory(Hierarchy h);

        /** Those of a process already in the container's cgroups ({@code procDir}: /proc/self or /proc/PID). */
        static ContainerCgroups ofProcess(String procDir) {
            List<List<String>> lines = new ArrayList<>(1); // read on first use: most containers ask for none
            return h -> {
                if (lines.isEmpty()) {
                    lines.add(readLines(procDir + "/cgroup"));
                }
                return h.pathIn(lines.getFirst()).flatMap(h::hostPath);
            };
        }
    }

    static CgroupMountPlan forHost() {
        return parse(readLines("/proc/self/mountinfo"));
    }

    private static List<String> readLines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
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
                hierarchies.add(new Hierarchy(name, "cgroup", String.join(",", controllers), mountPoint, pre[3]));
            } else if (type.equals("cgroup2")) {
                hierarchies.add(new Hierarchy(name, "cgroup2", null, mountPoint, pre[3]));
            }
        }
        return new CgroupMountPlan(!v1, List.copyOf(hierarchies));
    }
}
