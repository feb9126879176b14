package io.berth.runtime.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Existing sub-cgroups of a container's cgroup to put an exec'd process in (runc exec
 * --cgroup): per controller, or for all ("" key). On v2 only the latter means anything.
 */
public record SubCgroups(Map<String, String> paths) {
    public static final SubCgroups NONE = new SubCgroups(Map.of());

    public SubCgroups {
        paths = Map.copyOf(paths);
    }

    /** runc's syntax, one argument per --cgroup: {@code [<controller>[,<controller>...]:]<path>}. */
    public static SubCgroups parse(List<String> args) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String arg : args) {
            int colon = arg.indexOf(':');
            if (colon < 0) {
                if (paths.putIfAbsent("", arg) != null) {
                    throw new IllegalArgumentException("invalid --cgroup argument(s): multiple <controller>-less arguments");
                }
                continue;
            }
            for (String controller : arg.substring(0, colon).split(",", -1)) {
                if (controller.isEmpty()) {
                    throw new IllegalArgumentException("invalid --cgroup argument: " + arg + " (empty <controller> prefix)");
                }
                if (paths.putIfAbsent(controller, arg.substring(colon + 1)) != null) {
                    throw new IllegalArgumentException(
                            "invalid --cgroup argument(s): controller " + controller + " specified multiple times");
                }
            }
        }
        return new SubCgroups(paths);
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    /** The sub-path for one of {@code controllers} (the first named wins), else the one for all. */
    Optional<String> forAny(Iterable<String> controllers) {
        for (String c : controllers) {
            if (paths.containsKey(c)) {
                return Optional.of(paths.get(c));
            }
        }
        return Optional.ofNullable(paths.get(""));
    }

    /** {@code base}'s existing sub-cgroup {@code sub}; it may not climb out of {@code base}. */
    static Path within(Path base, String sub) {
        Path dir = base.resolve(sub.replaceFirst("^/+", "")).normalize();
        if (!dir.startsWith(base)) {
            throw new IllegalArgumentException("exec --cgroup " + sub + ": not inside the container's cgroup " + base);
        }
        if (!Files.isDirectory(dir)) {
            throw new CgroupException("exec --cgroup " + sub + ": there is no cgroup " + dir
                    + " (the sub-cgroup must exist)");
        }
        return dir;
    }
}
