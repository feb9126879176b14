package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cgroup of one container, in whatever hierarchies the host has. Obtain one with
 * {@link #forHost}; it holds no open resources, so it can be recreated from the path at any time.
 */
public sealed interface CgroupManager permits CgroupV1Manager, CgroupV2Manager {

    /**
     * Detects the host's layout from /proc/self/mountinfo. Pure v2 gets {@link CgroupV2Manager};
     * v1 and hybrid get {@link CgroupV1Manager}, which uses only the v1 controllers (a hybrid
     * host's cgroup2 mount has no controllers to offer).
     */
    static CgroupManager forHost(String cgroupsPath) {
        CgroupLayout layout = CgroupLayout.detect();
        return layout.mode().usesV1Controllers()
                ? new CgroupV1Manager(layout, cgroupsPath)
                : new CgroupV2Manager(layout.unified().orElseThrow(), layout.ownV2(), cgroupsPath,
                        DeviceFilterInstaller.BPF);
    }

    /** The cgroupsPath as given, e.g. "/berth/abc". */
    String path();

    /** Makes the directories in every hierarchy; idempotent. */
    void create();

    /** Writes every limit {@code resources} sets; validates all of them before writing any. */
    void apply(LinuxResources resources);

    /** Moves a process (all its threads) into the cgroup in every hierarchy. */
    void addProcess(int pid);

    /**
     * Moves thread {@code tid} (0: the calling thread) alone into the cgroup where the hierarchy
     * allows it (v1's {@code tasks}), and its whole process where it does not (cgroup v2). The
     * kernel moves the calling thread without its global threadgroup lock, whose first writer
     * waits out an RCU grace period (~10 ms here).
     */
    void addThread(int tid);

    /**
     * This cgroup's existing sub-cgroups named by {@code sub}, to add an exec'd process to
     * (runc exec --cgroup); this manager itself when {@code sub} is empty.
     */
    CgroupManager sub(SubCgroups sub);

    /** This cgroup's directory in the hierarchy mounted at {@code mountPoint}, if it has one there. */
    Optional<Path> directoryIn(Path mountPoint);

    /** Every process in the cgroup and its descendants. */
    List<Integer> pids();

    /** Stops every process and returns once they are all stopped. */
    void freeze();

    void thaw();

    boolean frozen();

    CgroupStats stats();

    /** Removes the cgroup and its descendants, leaf first; a cgroup already gone is fine. */
    void destroy();
}
