package io.berth.runtime.cgroups;

/**
 * One planned write of {@code value} to control file {@code file} of {@code controller}'s cgroup
 * directory. On v1 the controller picks the hierarchy; on v2 every write goes to the one directory.
 */
public record CgroupWrite(String controller, String file, String value) {
    public CgroupWrite {
        if (file.contains("/") || file.isEmpty()) {
            throw new IllegalArgumentException("not a cgroup control file name: " + file);
        }
    }

    @Override
    public String toString() {
        return controller + ":" + file + "=" + value;
    }
}
