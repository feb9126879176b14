package io.berth.runtime.init;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespace;
import io.berth.runtime.seccomp.SeccompProgram;
import io.berth.runtime.seccomp.SpawnCompatibility;
import io.berth.runtime.spec.Hooks;
import io.berth.runtime.spec.Mount;
import io.berth.runtime.spec.Spec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which containers {@link DirectLauncher} can create. Everything it cannot do needs code running
 * inside the container before exec, which only an init stage process has: a user namespace
 * (no multi-threaded process may enter one), a terminal, hooks that run inside the container
 * during create, --no-pivot's chroot, a seccomp filter that would stop the runtime's own
 * thread, or a /proc for a new pid namespace on a kernel without proc's pidns= option.
 */
public final class DirectLaunch {
    private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    private static final int SECCOMP_FILTER_FLAG_NEW_LISTENER = 8;

    private DirectLaunch() {}

    /** Empty when {@link DirectLauncher} can create this container, else why not. */
    public static Optional<String> unsuitable(Spec spec, Map<Namespace, String> join, Set<Namespace> unshare,
                                              boolean newUserNamespace, boolean noPivot, SeccompProgram seccomp) {
        if (newUserNamespace || join.containsKey(Namespace.USER)) {
            return Optional.of("a user namespace");
        }
        if (unshare.contains(Namespace.TIME) || join.containsKey(Namespace.TIME)) {
            return Optional.of("a time namespace");
        }
        if (spec.process().hasTerminal()) {
            return Optional.of("a terminal");
        }
        if (noPivot) {
            return Optional.of("--no-pivot");
        }
        Hooks hooks = spec.hooks();
        if (hooks != null && !(hooks.prestart().isEmpty() && hooks.createRuntime().isEmpty()
                && hooks.createContainer().isEmpty() && hooks.startContainer().isEmpty())) {
            return Optional.of("hooks that run during create or start");
        }
        boolean pidNamespace = unshare.contains(Namespace.PID) || join.containsKey(Namespace.PID);
        if (pidNamespace && spec.mounts().stream().anyMatch(m -> "proc".equals(m.type()))
                && !kernelAtLeast(System.getProperty("os.version"), 6, 18)) {
            return Optional.of("a /proc for a new pid namespace on a kernel before 6.18");
        }
        Optional<String> seccompProblem = seccompProblem(seccomp);
        if (seccompProblem.isPresent()) {
            return seccompProblem;
        }
        String name = spec.process().args().getFirst();
        if (!name.contains("/")) {
            String path = ExecutableLookup.searchPath(spec.process().env());
            for (Mount m : spec.mounts()) {
                String dest = RootfsPaths.normalize(m.destination());
                for (String dir : path.split(":")) {
                    String d = RootfsPaths.normalize(dir.isEmpty() ? "/" : dir);
                    if (isWithin(d, dest) || isWithin(dest, d)) {
                        return Optional.of("a mount at " + dest + " that can change the $PATH lookup of " + name);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Why a runtime thread cannot install {@code seccomp} (null: none) and still spawn; else empty. */
    static Optional<String> seccompProblem(SeccompProgram seccomp) {
        if (seccomp == null) {
            return Optional.empty();
        }
        if ((seccomp.flags() & (SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_NEW_LISTENER)) != 0) {
            return Optional.of("seccomp flags that reach beyond one thread");
        }
        return SpawnCompatibility.problem(seccomp);
    }

    /**
     * args[0] as exec will find it once the container is set up, looked up now in the bare
     * rootfs ({@link #unsuitable} has made sure no mount changes the answer); empty if absent.
     */
    public static Optional<String> executable(Spec spec, String rootfs) {
        String name = spec.process().args().getFirst();
        if (name.contains("/")) {
            return Optional.of(name);
        }
        try (Fd root = FileCalls.open(rootfs, FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
            return ExecutableLookup.findInRoot(new RootfsPaths(root), name, spec.process().env());
        }
    }

    static boolean isWithin(String path, String dir) {
        return dir.equals("/") || path.equals(dir) || path.startsWith(dir + "/");
    }

    static boolean kernelAtLeast(String release, int major, int minor) {
        String[] parts = release.split("[.-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
