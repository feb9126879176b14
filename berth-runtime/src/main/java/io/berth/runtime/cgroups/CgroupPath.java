package io.berth.runtime.cgroups;

import java.nio.file.Path;

/**
 * linux.cgroupsPath resolved inside one hierarchy. Absolute paths are relative to the hierarchy's
 * mount; relative ones to this process's own cgroup there (config-linux.md leaves that choice to
 * the runtime; runc does the same). ".." is refused so a path cannot leave the hierarchy.
 */
final class CgroupPath {
    private CgroupPath() {}

    static void validate(String cgroupsPath) {
        if (cgroupsPath == null || cgroupsPath.isBlank()) {
            throw new CgroupException("cgroup: cgroupsPath is empty");
        }
        for (String part : cgroupsPath.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new CgroupException("cgroup: cgroupsPath \"" + cgroupsPath + "\" must not contain . or ..");
            }
        }
        if (cgroupsPath.replace("/", "").isEmpty()) {
            throw new CgroupException("cgroup: cgroupsPath \"" + cgroupsPath + "\" names the root cgroup");
        }
    }

    static Path resolve(Path mountPoint, String ownCgroup, String cgroupsPath) {
        String base = cgroupsPath.startsWith("/") ? "" : ownCgroup;
        return mountPoint.resolve(strip(base + "/" + cgroupsPath)).normalize();
    }

    private static String strip(String path) {
        String p = path.replaceAll("/+", "/");
        return p.startsWith("/") ? p.substring(1) : p;
    }
}
