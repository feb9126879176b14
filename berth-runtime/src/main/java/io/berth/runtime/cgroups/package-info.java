/**
 * Control groups for containers: limits, membership, freezing, statistics.
 *
 * <h2>Shape</h2>
 * <ul>
 *   <li>{@link io.berth.runtime.cgroups.CgroupLayout} reads /proc/self/mountinfo once and says
 *       whether the host is v1, v2 or hybrid, and where each hierarchy is mounted. Nothing
 *       hardcodes /sys/fs/cgroup.</li>
 *   <li>{@link io.berth.runtime.cgroups.CgroupManager#forHost} picks the v2 manager on pure v2
 *       hosts and the v1 manager otherwise; hybrid hosts keep their controllers on v1, so the
 *       v1 manager serves them (devices through the v1 devices controller, not BPF).</li>
 *   <li>Each resource controller ({@code MemoryController}, {@code CpuController}, ...) is a
 *       planner: from linux.resources and a read-only view of the cgroup directory
 *       ({@link io.berth.runtime.cgroups.CgroupFiles}) it returns a list of
 *       {@link io.berth.runtime.cgroups.CgroupWrite}s, validating first. The managers gather
 *       every plan before writing anything, so a bad value leaves the cgroup untouched; a small
 *       executor ({@code CgroupWriter}) then writes each value with one write(2) and turns a
 *       refusal into an error naming the file, the value and the errno.</li>
 *   <li>Plans are unit-tested against fixture directories (plain files in a temp dir); the
 *       managers and the BPF device filter are tested for real as root.</li>
 * </ul>
 *
 * <h2>On disk</h2>
 * An absolute cgroupsPath such as {@code /berth/abc} becomes {@code <mount>/berth/abc} in every
 * v1 hierarchy ({@code /sys/fs/cgroup/memory/berth/abc}, ...) or once under the cgroup2 mount;
 * a relative one is placed under this process's own cgroup, as runc does.
 *
 * <h2>Version differences worth knowing</h2>
 * v1 swap is memory+swap and must stay at or above the memory limit at every moment, so write
 * order depends on the direction of the change; a fresh v1 cpuset has no CPUs and must inherit
 * them; v2 devices have no files and take a BPF program ({@code DeviceFilter}) instead; v2
 * controllers must be enabled in every ancestor's cgroup.subtree_control.
 */
package io.berth.runtime.cgroups;
