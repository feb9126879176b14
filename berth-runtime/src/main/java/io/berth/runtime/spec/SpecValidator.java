package io.berth.runtime.spec;

import io.berth.linux.Capability;
import io.berth.linux.Rlimit;
import io.berth.runtime.spec.SpecException.SpecProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link Spec} before anything is created. Every problem is reported with its JSON
 * pointer; all of them at once, so a user fixes a config in one pass.
 */
public final class SpecValidator {
    static final Set<String> NAMESPACE_TYPES =
            Set.of("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");
    private static final Set<String> DEVICE_TYPES = Set.of("c", "b", "u", "p");
    private static final Set<String> PROPAGATIONS =
            Set.of("", "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable");

    private final List<SpecProblem> problems = new ArrayList<>();

    private SpecValidator() {}

    /** Validates a container config; {@code needProcess} is false for configs only used to spec. */
    public static void validate(Spec spec) {
        SpecValidator v = new SpecValidator();
        v.check(spec);
        if (!v.problems.isEmpty()) {
            throw new SpecException(v.problems);
        }
    }

    /** Validates an exec's process.json. */
    public static void validateProcess(Process process) {
        SpecValidator v = new SpecValidator();
        v.process(process, "");
        if (!v.problems.isEmpty()) {
            throw new SpecException("process", v.problems);
        }
    }

    private void problem(String pointer, String message) {
        problems.add(new SpecProblem(pointer, message));
    }

    private void check(Spec spec) {
        if (spec.ociVersion() == null || spec.ociVersion().isBlank()) {
            problem("/ociVersion", "required");
        } else if (!spec.ociVersion().startsWith("1.")) {
            problem("/ociVersion", "unsupported version " + spec.ociVersion() + " (Berth supports 1.x)");
        }
        if (spec.root() == null || spec.root().path() == null || spec.root().path().isBlank()) {
            problem("/root/path", "required");
        }
        if (spec.process() == null) {
            problem("/process", "required to create a container");
        } else {
            process(spec.process(), "/process");
        }
        for (int i = 0; i < spec.mounts().size(); i++) {
            mount(spec.mounts().get(i), "/mounts/" + i, spec.linux());
        }
        if (spec.hooks() != null) {
            hooks(spec.hooks());
        }
        if (spec.linux() == null) {
            problem("/linux", "required on Linux");
        } else {
            linux(spec.linux(), spec);
        }
    }

    private void process(Process p, String at) {
        if (p.args().isEmpty() && (p.commandLine() == null || p.commandLine().isBlank())) {
            problem(at + "/args", "must name the program to run");
        }
        if (p.cwd() == null || !p.cwd().startsWith("/")) {
            problem(at + "/cwd", "must be an absolute path, got " + p.cwd());
        }
        for (int i = 0; i < p.env().size(); i++) {
            if (!p.env().get(i).contains("=")) {
                problem(at + "/env/" + i, "must be KEY=value, got \"" + p.env().get(i) + "\"");
            }
        }
        if (p.user() != null) {
            idRange(p.user().uid(), at + "/user/uid");
            idRange(p.user().gid(), at + "/user/gid");
            for (int i = 0; i < p.user().additionalGids().size(); i++) {
                idRange(p.user().additionalGids().get(i), at + "/user/additionalGids/" + i);
            }
            if (p.user().umask() != null && (p.user().umask() < 0 || p.user().umask() > 0777)) {
                problem(at + "/user/umask", "must be between 0 and 0777");
            }
        }
        if (p.capabilities() != null) {
            Capabilities c = p.capabilities();
            capabilities(c.bounding(), at + "/capabilities/bounding");
            capabilities(c.effective(), at + "/capabilities/effective");
            capabilities(c.inheritable(), at + "/capabilities/inheritable");
            capabilities(c.permitted(), at + "/capabilities/permitted");
            capabilities(c.ambient(), at + "/capabilities/ambient");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < p.rlimits().size(); i++) {
            PosixRlimit r = p.rlimits().get(i);
            String ptr = at + "/rlimits/" + i;
            if (r.type() == null || !isRlimit(r.type())) {
                problem(ptr + "/type", "unknown rlimit " + r.type());
            } else if (!seen.add(r.type())) {
                problem(ptr + "/type", "duplicate rlimit " + r.type());
            }
            if (Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                problem(ptr, "soft limit " + Long.toUnsignedString(r.soft()) + " is above hard limit "
                        + Long.toUnsignedString(r.hard()));
            }
        }
        if (p.oomScoreAdj() != null && (p.oomScoreAdj() < -1000 || p.oomScoreAdj() > 1000)) {
            problem(at + "/oomScoreAdj", "must be between -1000 and 1000");
        }
        if (p.hasTerminal() && p.consoleSize() != null
                && (p.consoleSize().height() < 0 || p.consoleSize().width() < 0)) {
            problem(at + "/consoleSize", "must not be negative");
        }
        if (p.ioPriority() != null) {
            ioPriority(p.ioPriority(), at + "/ioPriority");
        }
        if (p.scheduler() != null) {
            scheduler(p.scheduler(), at + "/scheduler");
        }
        if (p.execCPUAffinity() != null) {
            cpuList(p.execCPUAffinity().initial(), at + "/execCPUAffinity/initial");
            cpuList(p.execCPUAffinity().cpuAffinityFinal(), at + "/execCPUAffinity/final");
        }
    }

    private void ioPriority(Process.IoPriority io, String at) {
        if (io.clazz() == null || !Process.IoPriority.CLASSES.containsKey(io.clazz())) {
            problem(at + "/class", "must be IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or IOPRIO_CLASS_IDLE, got " + io.clazz());
        }
        if (io.priority() < 0 || io.priority() > 7) {
            problem(at + "/priority", "must be between 0 and 7, got " + io.priority());
        }
    }

    /** runc's rules, checked before the kernel would refuse them with a bare EINVAL. */
    private void scheduler(Process.Scheduler s, String at) {
        Integer policy = s.policy() == null ? null : Process.Scheduler.POLICIES.get(s.policy());
        if (policy == null) {
            problem(at + "/policy", s.policy() == null ? "required"
                    : "unknown policy " + s.policy() + " (one of " + new java.util.TreeSet<>(
                            Process.Scheduler.POLICIES.keySet()) + ")");
        }
        if (s.nice() != null && (s.nice() < -20 || s.nice() > 19)) {
            problem(at + "/nice", "must be between -20 and 19, got " + s.nice());
        }
        boolean realTime = policy != null && (policy == io.berth.linux.SchedulingPolicy.SCHED_FIFO
                || policy == io.berth.linux.SchedulingPolicy.SCHED_RR);
        int priority = s.priority() == null ? 0 : s.priority();
        if (realTime && (priority < 1 || priority > 99)) {
            problem(at + "/priority", "must be between 1 and 99 for " + s.policy() + ", got " + priority);
        } else if (!realTime && priority != 0) {
            problem(at + "/priority", "only SCHED_FIFO and SCHED_RR take a priority");
        }
        boolean deadline = policy != null && policy == io.berth.linux.SchedulingPolicy.SCHED_DEADLINE;
        if (!deadline && (nonZero(s.runtime()) || nonZero(s.deadline()) || nonZero(s.period()))) {
            problem(at, "runtime, deadline and period are only for SCHED_DEADLINE");
        }
        for (int i = 0; i < s.flags().size(); i++) {
            if (!Process.Scheduler.FLAGS.containsKey(s.flags().get(i))) {
                problem(at + "/flags/" + i, "unknown scheduler flag " + s.flags().get(i));
            }
        }
    }

    private static boolean nonZero(Long value) {
        return value != null && value != 0;
    }

    private void cpuList(String list, String at) {
        if (list == null || list.isBlank()) {
            return;
        }
        try {
            CpuList.parse(list);
        } catch (IllegalArgumentException e) {
            problem(at, e.getMessage());
        }
    }

    private static boolean isRlimit(String type) {
        for (Rlimit r : Rlimit.values()) {
            if (r.name().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private void idRange(long id, String at) {
        if (id < 0 || id > 0xFFFFFFFEL) {
            problem(at, "must be between 0 and 4294967294, got " + id);
        }
    }

    private void capabilities(List<String> names, String at) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!name.startsWith("CAP_") || Capability.parse(name).isEmpty()) {
                problem(at + "/" + i, "unknown capability " + name);
            }
        }
    }

    private void mount(Mount m, String at, Linux linux) {
        if (m.destination() == null || m.destination().isBlank()) {
            problem(at + "/destination", "required");
        } else if (!m.destination().startsWith("/")) {
            problem(at + "/destination", "must be an absolute path, got " + m.destination());
        }
        for (int i = 0; i < m.options().size(); i++) {
            if (!MountOptions.isKnown(m.options().get(i))) {
                problem(at + "/options/" + i, "unknown mount option " + m.options().get(i));
            }
        }
        boolean bind = m.options().contains("bind") || m.options().contains("rbind") || "bind".equals(m.type());
        if (!bind && (m.type() == null || m.type().isBlank()) && !"none".equals(m.type())) {
            problem(at + "/type", "required unless the mount is a bind mount");
        }
        if (bind && (m.source() == null || m.source().isBlank())) {
            problem(at + "/source", "a bind mount needs a source");
        }
        idMap(m, at, bind, linux);
    }

    /** runc's rules for id-mapped mounts: bind mounts only, both maps, each range non-empty. */
    private void idMap(Mount m, String at, boolean bind, Linux linux) {
        java.util.Optional<MountIdMap> idmap = MountIdMap.of(m, linux);
        if (idmap.isEmpty()) {
            return;
        }
        if (!bind) {
            problem(at + "/type", "id-mapped mounts (uidMappings, gidMappings, idmap, ridmap) must be bind mounts");
        }
        boolean own = !m.uidMappings().isEmpty() || !m.gidMappings().isEmpty();
        if (own && (m.uidMappings().isEmpty() || m.gidMappings().isEmpty())) {
            problem(at + (m.uidMappings().isEmpty() ? "/uidMappings" : "/gidMappings"),
                    "an id-mapped mount needs both uidMappings and gidMappings");
        } else if (!own && (idmap.get().uidMappings().isEmpty() || idmap.get().gidMappings().isEmpty())) {
            problem(at + "/options", "idmap or ridmap without uidMappings and gidMappings of its own needs"
                    + " those of the container's user namespace in /linux/uidMappings and /linux/gidMappings");
        }
        for (String kind : List.of("uidMappings", "gidMappings")) {
            List<IdMapping> maps = kind.equals("uidMappings") ? m.uidMappings() : m.gidMappings();
            for (int i = 0; i < maps.size(); i++) {
                IdMapping map = maps.get(i);
                if (map.size() < 1 || map.containerID() < 0 || map.hostID() < 0
                        || map.containerID() + map.size() > 1L << 32 || map.hostID() + map.size() > 1L << 32) {
                    problem(at + "/" + kind + "/" + i, "an id range must be non-empty and within 0..2^32-1, got "
                            + map.containerID() + " " + map.hostID() + " " + map.size());
                }
            }
        }
    }

    private void hooks(Hooks hooks) {
        Map<String, List<Hook>> all = Map.of("prestart", hooks.prestart(), "createRuntime", hooks.createRuntime(),
                "createContainer", hooks.createContainer(), "startContainer", hooks.startContainer(),
                "poststart", hooks.poststart(), "poststop", hooks.poststop());
        all.forEach((kind, list) -> {
            for (int i = 0; i < list.size(); i++) {
                Hook h = list.get(i);
                String at = "/hooks/" + kind + "/" + i;
                if (h.path() == null || !h.path().startsWith("/")) {
                    problem(at + "/path", "must be an absolute path, got " + h.path());
                }
                if (h.timeout() != null && h.timeout() <= 0) {
                    problem(at + "/timeout", "must be greater than zero");
                }
            }
        });
    }

    private void linux(Linux linux, Spec spec) {
        Set<String> types = new HashSet<>();
        for (int i = 0; i < linux.namespaces().size(); i++) {
            LinuxNamespace ns = linux.namespaces().get(i);
            String at = "/linux/namespaces/" + i;
            if (ns.type() == null || !NAMESPACE_TYPES.contains(ns.type())) {
                problem(at + "/type", "unknown namespace type " + ns.type());
            } else if (!types.add(ns.type())) {
                problem(at + "/type", "duplicate namespace " + ns.type());
            }
            if (ns.path() != null && !ns.path().isEmpty() && !ns.path().startsWith("/")) {
                problem(at + "/path", "must be an absolute path, got " + ns.path());
            }
        }
        boolean userNs = types.contains("user");
        if (!userNs && (!linux.uidMappings().isEmpty() || !linux.gidMappings().isEmpty())) {
            problem("/linux/uidMappings", "id mappings need a user namespace in /linux/namespaces");
        }
        if (userNs && newNamespace(linux, "user") && (linux.uidMappings().isEmpty() || linux.gidMappings().isEmpty())) {
            problem("/linux/uidMappings", "a new user namespace needs uidMappings and gidMappings");
        }
        if (!linux.timeOffsets().isEmpty() && !types.contains("time")) {
            problem("/linux/timeOffsets", "time offsets need a time namespace in /linux/namespaces");
        } else if (!linux.timeOffsets().isEmpty() && !newNamespace(linux, "time")) {
            problem("/linux/timeOffsets", "time offsets can only be set for a new time namespace, not one joined by path");
        }
        linux.timeOffsets().forEach((clock, offset) -> {
            String at = "/linux/timeOffsets/" + clock;
            if (!Set.of("monotonic", "boottime").contains(clock)) {
                problem(at, "unknown clock " + clock + " (a time namespace offsets monotonic and boottime)");
            }
            if (offset.nanosecs() < 0 || offset.nanosecs() > 999_999_999) {
                problem(at + "/nanosecs", "must be between 0 and 999999999, got " + offset.nanosecs());
            }
        });
        for (int i = 0; i < linux.devices().size(); i++) {
            LinuxDevice d = linux.devices().get(i);
            String at = "/linux/devices/" + i;
            if (d.type() == null || !DEVICE_TYPES.contains(d.type())) {
                problem(at + "/type", "must be one of c, b, u, p; got " + d.type());
            }
            if (d.path() == null || !d.path().startsWith("/")) {
                problem(at + "/path", "must be an absolute path, got " + d.path());
            }
            if (!"p".equals(d.type()) && (d.major() == null || d.minor() == null)) {
                problem(at, "major and minor are required for a " + d.type() + " device");
            }
        }
        if (linux.rootfsPropagation() != null && !PROPAGATIONS.contains(linux.rootfsPropagation())) {
            problem("/linux/rootfsPropagation", "unknown propagation " + linux.rootfsPropagation());
        }
        linux.sysctl().keySet().forEach(key -> sysctl(key, types, spec));
        if (linux.intelRdt() != null && !java.nio.file.Files.isDirectory(java.nio.file.Path.of("/sys/fs/resctrl/info"))) {
            problem("/linux/intelRdt", "unsupported: this host has no resctrl filesystem");
        }
        if (linux.personality() != null) {
            if (!Set.of("LINUX", "LINUX32").contains(String.valueOf(linux.personality().domain()))) {
                problem("/linux/personality/domain", "must be LINUX or LINUX32, got " + linux.personality().domain());
            }
            List<String> flags = linux.personality().flags();
            for (int i = 0; i < flags.size(); i++) {
                if (!io.berth.linux.Personality.FLAGS.containsKey(flags.get(i))) {
                    problem("/linux/personality/flags/" + i, "unknown personality flag " + flags.get(i));
                }
            }
        }
        if (linux.cgroupsPath() != null && !linux.cgroupsPath().isEmpty()
                && linux.cgroupsPath().contains("..")) {
            problem("/linux/cgroupsPath", "must not contain ..");
        }
    }

    /** Only namespaced sysctls are allowed, and only when that namespace is the container's own. */
    private void sysctl(String key, Set<String> types, Spec spec) {
        String at = "/linux/sysctl/" + key.replace("~", "~0").replace("/", "~1");
        boolean ipc = key.startsWith("fs.mqueue.") || Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
                "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced").contains(key);
        if (ipc) {
            if (!types.contains("ipc")) {
                problem(at, "needs an ipc namespace");
            }
        } else if (key.startsWith("net.")) {
            if (!types.contains("network")) {
                problem(at, "needs a network namespace");
            }
        } else if (key.equals("kernel.hostname") || key.equals("kernel.domainname")) {
            if (!types.contains("uts")) {
                problem(at, "needs a uts namespace");
            }
        } else {
            problem(at, "not a namespaced sysctl; it would change the host");
        }
    }

    private static boolean newNamespace(Linux linux, String type) {
        return linux.namespaces().stream()
                .anyMatch(ns -> type.equals(ns.type()) && (ns.path() == null || ns.path().isEmpty()));
    }
}
