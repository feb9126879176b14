package io.berth.runtime.spec;

import java.util.List;
import java.util.Map;

/** The config.json `berth-runc spec` writes: runc's default, a shell in a busybox-like rootfs. */
public final class DefaultSpec {
    private DefaultSpec() {}

    private static final List<String> DEFAULT_CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    public static Spec create() {
        Process process = new Process(true, null, new User(0, 0, null, null, null), List.of("sh"), null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                "/", new Capabilities(DEFAULT_CAPS, DEFAULT_CAPS, null, DEFAULT_CAPS, DEFAULT_CAPS),
                List.of(new PosixRlimit("RLIMIT_NOFILE", 1024, 1024)), true, null, null, null, null, null, null);
        List<Mount> mounts = List.of(
                new Mount("/proc", "proc", "proc", null, null, null),
                new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"), null, null),
                new Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"), null, null),
                new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
                        null, null),
                new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"), null, null),
                new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"), null, null),
                new Mount("/sys/fs/cgroup", "cgroup", "cgroup",
                        List.of("nosuid", "noexec", "nodev", "relatime", "ro"), null, null));
        Linux linux = new Linux(
                List.of(new LinuxNamespace("pid", null), new LinuxNamespace("network", null),
                        new LinuxNamespace("ipc", null), new LinuxNamespace("uts", null),
                        new LinuxNamespace("mount", null), new LinuxNamespace("cgroup", null)),
                null, null, null, null, null,
                new LinuxResources(List.of(new LinuxResources.DeviceRule(false, null, null, null, "rwm")),
                        null, null, null, null, null, null, null, null),
                null, null, null,
                List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
                        "/proc/scsi"),
                List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                null, null, null);
        return new Spec("1.2.0", process, new Root("rootfs", true), "runc", null, mounts, null, Map.of(), linux);
    }
}
