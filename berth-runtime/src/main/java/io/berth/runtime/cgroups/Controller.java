package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import java.util.List;

/**
 * One resource controller: turns the part of linux.resources it owns into planned writes.
 * Plans validate first and may read current values (ordering depends on them); they never write.
 */
sealed interface Controller permits MemoryController, CpuController, CpusetController, PidsController,
        BlkioController, HugetlbController, DevicesController, NetworkController, RdmaController,
        UnifiedController {

    /** The v1 hierarchy the writes go to (also the name in every {@link CgroupWrite}). */
    String name();

    /** Whether {@code resources} asks this controller for anything, so a missing controller is an error. */
    boolean requested(LinuxResources resources);

    List<CgroupWrite> planV1(LinuxResources resources, CgroupFiles dir);

    List<CgroupWrite> planV2(LinuxResources resources, CgroupFiles dir);

    /**
     * After a v1 plan's writes: fails if the cgroup does not show what they were to set. Only
     * where a write can succeed without taking effect as planned; the rest trust the errno.
     */
    default void verifyV1(LinuxResources resources, CgroupFiles dir) {}

    /** Apply order: cpuset before anything that may move memory, devices early as runc does. */
    static List<Controller> all() {
        return List.of(new CpusetController(), new DevicesController(), new MemoryController(),
                new CpuController(), new PidsController(), new BlkioController(), new HugetlbController(),
                new NetworkController.Classid(), new NetworkController.Priorities(), new RdmaController(),
                new UnifiedController());
    }
}
