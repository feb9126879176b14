package io.berth.cli.image;

import io.berth.image.manifest.ExecutionConfig;
import io.berth.runtime.spec.Capabilities;
import io.berth.runtime.spec.DefaultSpec;
import io.berth.runtime.spec.Linux;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.Root;
import io.berth.runtime.spec.Spec;
import io.berth.runtime.spec.User;
import java.util.ArrayList;
import java.util.List;

/**
 * The config.json of an image bundle: the image's command, environment, working directory and
 * user on Docker's defaults for a container (namespaces, the 14 capabilities, mounts, masked and
 * read-only paths).
 */
final class BundleSpec {
    static final List<String> DOCKER_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    static final List<String> DOCKER_MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> DOCKER_READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private BundleSpec() {
    }

    /** The process args an image runs: Entrypoint then Cmd; an image with neither cannot run. */
    static List<String> args(ExecutionConfig config) {
        List<String> args = new ArrayList<>(config.entrypoint());
        args.addAll(config.cmd());
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no command specified: the image has neither Entrypoint nor Cmd");
        }
        return args;
    }

    static Spec create(ExecutionConfig config, ImageUser user, String hostname) {
        Spec base = DefaultSpec.create();
        List<String> env = new ArrayList<>();
        if (config.env().stream().noneMatch(e -> e.startsWith("PATH="))) {
            env.add(DEFAULT_PATH);
        }
        env.add("HOSTNAME=" + hostname);
        env.addAll(config.env());
        Capabilities caps = new Capabilities(DOCKER_CAPABILITIES, DOCKER_CAPABILITIES, null, DOCKER_CAPABILITIES, null);
        Process process = new Process(false, null, new User(user.uid(), user.gid(), null, user.additionalGids(), null),
                args(config), null, env, config.workingDir() == null ? "/" : config.workingDir(), caps,
                null, false, null, null, null, null, null, null);
        Linux l = base.linux();
        Linux linux = new Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), l.timeOffsets(), l.devices(), l.cgroupsPath(),
                l.resources(), l.rootfsPropagation(), l.seccomp(), l.sysctl(), DOCKER_MASKED_PATHS, DOCKER_READONLY_PATHS,
                l.mountLabel(), l.personality(), l.intelRdt());
        return new Spec(base.ociVersion(), process, new Root("rootfs", false), hostname, null, base.mounts(), base.hooks(),
                base.annotations(), linux);
    }
}
