package io.berth.runtime.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the cgroup hierarchies of this host are mounted, read from /proc/self/mountinfo, and
 * where this process sits in each (from /proc/self/cgroup), for resolving relative paths.
 *
 * @param v1 each v1 controller Berth manages, mapped to its hierarchy (co-mounted controllers share one)
 * @param unified the cgroup2 mount, if any (pure v2, or hybrid's /sys/fs/cgroup/unified)
 * @param ownV1 this process's cgroup per v1 controller, relative to the hierarchy's mount root
 * @param ownV2 this process's cgroup in the cgroup2 hierarchy, relative to its mount root
 */
public record CgroupLayout(Map<String, V1Hierarchy> v1, Optional<Path> unified,
                           Map<String, String> ownV1, String ownV2) {
    /**
     * The hierarchies Berth creates directories in on v1: the controllers, and the name=systemd
     * hierarchy that only tracks membership (runc joins it too, and systemd tools read it).
     */
    static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices",
            "freezer", "blkio", "pids", "hugetlb", "net_cls", "net_prio", "perf_event", "rdma", "misc",
            "name=systemd");
    private static final String NAMED = "name=systemd";

    public CgroupLayout {
        v1 = Map.copyOf(v1);
        ownV1 = Map.copyOf(ownV1);
    }

    public enum Mode {
        V1, V2, HYBRID;

        /** Hybrid hosts keep their controllers on v1; the empty cgroup2 beside them is not used. */
        public boolean usesV1Controllers() {
            return this != V2;
        }
    }

    /** One mounted v1 hierarchy; {@code root} is the mount's root inside the hierarchy (not "/" in a cgroupns). */
    public record V1Hierarchy(Path mountPoint, String root, Set<String> controllers) {
        public V1Hierarchy {
            controllers = Set.copyOf(controllers);
        }
    }

    public Mode mode() {
        // a lone name=systemd hierarchy beside a full cgroup2 (seen in nested setups) is still v2
        if (v1.keySet().stream().allMatch(NAMED::equals)) {
            if (unified.isEmpty()) {
                throw new CgroupException("cgroup: no cgroup or cgroup2 filesystem is mounted");
            }
            return Mode.V2;
        }
        return unified.isPresent() ? Mode.HYBRID : Mode.V1;
    }

    /**
     * The distinct v1 hierarchies, each once even when it carries several controllers (its
     * controllers share one instance). Told apart by identity: a record's first hashCode links
     * ObjectMethods (~9 ms in a fresh JVM), and the spawner thread of every create gets here.
     */
    public List<V1Hierarchy> v1Hierarchies() {
        Set<V1Hierarchy> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<V1Hierarchy> hierarchies = new ArrayList<>();
        for (V1Hierarchy h : v1.values()) {
            if (distinct.add(h)) {
                hierarchies.add(h);
            }
        }
        return List.copyOf(hierarchies);
    }

    /**
     * Moves the calling thread back into the cgroups this layout found its reader in, after a
     * brief stay in a container's ({@link CgroupManager#addThread}): alone in v1 hierarchies,
     * with its whole process in cgroup2.
     */
    public void moveCallingThreadToOwnCgroups() {
        String tid = "0"; // the kernel's name for the writer, moved without the threadgroup lock
        for (V1Hierarchy h : v1Hierarchies()) {
            String own = ownV1.get(h.controllers().iterator().next());
            if (own != null) {
                CgroupWriter.write(h.mountPoint().resolve(relative(own)).resolve("tasks"), tid);
            }
        }
        unified.ifPresent(mount -> CgroupWriter.write(mount.resolve(relative(ownV2)).resolve("cgroup.procs"), tid));
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    public static CgroupLayout detect() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")),
                    Files.readString(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new UncheckedIOException("cgroup: reading /proc/self/mountinfo", e);
        }
    }

    static CgroupLayout parse(String mountinfo, String procSelfCgroup) {
        Map<String, V1Hierarchy> v1 = new LinkedHashMap<>();
        Optional<Path> unified = Optional.empty();
        String unifiedRoot = "/";
        for (String line : mountinfo.lines().toList()) {
            String[] halves = line.split(" - ", 2);
            if (halves.length != 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            String root = unescape(left[3]);
            Path mountPoint = Path.of(unescape(left[4]));
            if (right[0].equals("cgroup2")) {
                unified = Optional.of(mountPoint);
                unifiedRoot = root;
            } else if (right[0].equals("cgroup") && right.length >= 3) {
                Set<String> controllers = new LinkedHashSet<>();
                for (String option : right[2].split(",")) {
                    if (V1_CONTROLLERS.contains(option)) {
                        controllers.add(option);
                    }
                }
                if (!controllers.isEmpty()) {
                    V1Hierarchy h = new V1Hierarchy(mountPoint, root, controllers);
                    // a hierarchy bind-mounted twice keeps its first mount point
                    controllers.forEach(c -> v1.putIfAbsent(c, h));
                }
            }
        }
        return withOwnCgroups(v1, unified, unifiedRoot, procSelfCgroup);
    }

    private static CgroupLayout withOwnCgroups(Map<String, V1Hierarchy> v1, Optional<Path> unified,
                                               String unifiedRoot, String procSelfCgroup) {
        Map<String, String> ownV1 = new LinkedHashMap<>();
        String ownV2 = "/";
        for (String line : procSelfCgroup.lines().toList()) {
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                ownV2 = relativeTo(unifiedRoot, parts[2]);
                continue;
            }
            for (String controller : parts[1].split(",")) {
                V1Hierarchy h = v1.get(controller);
                if (h != null) {
                    ownV1.put(controller, relativeTo(h.root(), parts[2]));
                }
            }
        }
        return new CgroupLayout(v1, unified, ownV1, ownV2);
    }

    private static String relativeTo(String mountRoot, String path) {
        if (mountRoot.equals("/") || !path.startsWith(mountRoot)) {
            return path;
        }
        String rest = path.substring(mountRoot.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
