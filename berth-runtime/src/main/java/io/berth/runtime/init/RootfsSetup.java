package io.berth.runtime.init;

import io.berth.linux.DetachedMounts;
import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.FileMetadata;
import io.berth.linux.FileStatus;
import io.berth.linux.Mounts;
import io.berth.linux.SyscallException;
import io.berth.runtime.spec.Mount;
import io.berth.runtime.spec.MountOptions;
import io.berth.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Builds the container's filesystem inside its mount namespace: mounts in config order,
 * devices, pivot_root, masked and read-only paths. Every target is a /proc/self/fd/N of an fd
 * opened inside the root, never a joined string.
 */
final class RootfsSetup {
    private final Spec spec;
    private final String rootfs;
    private final Path bundle;
    private final boolean inUserNamespace;
    private final String procPidNamespace;
    private final DetachedBindSources sources;
    private final CgroupMountPlan.ContainerCgroups containerCgroups;

    /**
     * {@code procPidNamespace}: when the caller is not itself in the container's pid namespace,
     * the /proc/PID/ns/pid file that a "proc" mount must show (Linux 6.18's pidns= option).
     * {@code sources}: the bind mounts that attach a detached copy instead of binding their source.
     * {@code containerCgroups}: where the container's cgroups are, for a "cgroup" mount without
     * a cgroup namespace, which binds them.
     */
    RootfsSetup(Spec spec, String rootfs, Path bundle, boolean inUserNamespace, String procPidNamespace,
                DetachedBindSources sources, CgroupMountPlan.ContainerCgroups containerCgroups) {
        this.spec = spec;
        this.rootfs = rootfs;
        this.bundle = bundle;
        this.inUserNamespace = inUserNamespace;
        this.procPidNamespace = procPidNamespace;
        this.sources = sources;
        this.containerCgroups = containerCgroups;
    }

    /** Everything before pivot_root. */
    void prepare() {
        // device nodes and mount points get exactly the modes asked for; the workload's umask
        // is set just before execve
        FileCalls.umask(0);
        String propagation = spec.linux().rootfsPropagation();
        long flags = propagation == null || propagation.isEmpty()
                ? Mounts.MS_SLAVE | Mounts.MS_REC
                : MountOptions.parse(List.of(propagation)).propagation();
        // stop our mounts from reaching the host (and host mounts from racing into ours)
        Mounts.mount(null, "/", null, (flags & Mounts.MS_SHARED) != 0 ? Mounts.MS_SLAVE | Mounts.MS_REC : flags, null);
        // pivot_root needs the new root to be a mount point
        try {
            Mounts.mount(rootfs, rootfs, null, Mounts.MS_BIND | Mounts.MS_REC, null);
        } catch (SyscallException e) {
            if (inUserNamespace && e.is(Errno.EACCES)) {
                throw new IllegalStateException("the container's root user cannot reach the rootfs " + rootfs
                        + ": every directory above it must be searchable by the mapped uid (" + e.getMessage() + ")", e);
            }
            throw e;
        }
        try (Fd root = FileCalls.open(rootfs, FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
            RootfsPaths paths = new RootfsPaths(root);
            boolean devIsBind = false;
            boolean devpts = false;
            for (int i = 0; i < spec.mounts().size(); i++) {
                Mount m = spec.mounts().get(i);
                mount(paths, m, i);
                String dest = RootfsPaths.normalize(m.destination());
                if (dest.equals("/dev") && MountOptions.parse(m.options()).isBind()) {
                    devIsBind = true;
                }
                devpts |= dest.equals("/dev/pts") && "devpts".equals(m.type());
            }
            if (!devIsBind) {
                DeviceNodes.create(paths, spec.linux().devices(), devpts, inUserNamespace);
            }
        }
    }

    private void mount(RootfsPaths paths, Mount m, int index) {
        MountOptions options = MountOptions.parse(m.options());
        String type = m.type() == null || m.type().equals("none") || m.type().equals("bind") ? null : m.type();
        if (options.isBind()) {
            bind(paths, m, options, index);
        } else if ("cgroup".equals(type) || "cgroup2".equals(type)) {
            cgroup(paths, m, options);
        } else {
            try (Fd target = paths.mkdirs(m.destination())) {
                String source = m.source() == null ? type : m.source();
                String data = emptyToNull(options.data());
                if ("proc".equals(type) && procPidNamespace != null) {
                    data = (data == null ? "" : data + ",") + "pidns=" + procPidNamespace;
                }
                Mounts.mount(source, target.procPath(), type, options.flags(), data);
            } catch (SyscallException e) {
                throw new IllegalStateException("mount " + describe(m) + ": " + e.getMessage(), e);
            }
            propagate(paths, m, options);
        }
    }

    private void bind(RootfsPaths paths, Mount m, MountOptions options, int index) {
        Optional<Fd> tree = sources.take(index);
        // a relative source is relative to the bundle, as in runc
        Path source = bundle.resolve(m.source());
        try (Fd detached = tree.orElse(null)) {
            boolean directory;
            if (detached != null) {
                directory = FileMetadata.stat(detached).isDirectory(); // its path may be out of our reach
            } else if (Files.exists(source)) {
                directory = Files.isDirectory(source);
            } else {
                throw new IllegalStateException("mount " + describe(m) + ": source does not exist");
            }
            try (Fd target = directory ? paths.mkdirs(m.destination()) : paths.touch(m.destination())) {
                if (detached != null) {
                    DetachedMounts.attach(detached, target, describe(m));
                } else {
                    Mounts.mount(source.toString(), target.procPath(), null,
                            Mounts.MS_BIND | (options.recursive() ? Mounts.MS_REC : 0), null);
                }
            }
        } catch (SyscallException e) {
            throw new IllegalStateException("mount " + describe(m) + ": " + e.getMessage(), e);
        }
        long extra = options.flags() & ~(Mounts.MS_BIND | Mounts.MS_REC);
        if (extra != 0) {
            // a bind mount takes its flags only from a remount, done on the new mount itself
            try (Fd mounted = paths.find(m.destination()).orElseThrow()) {
                Mounts.mount(null, mounted.procPath(), null, Mounts.MS_REMOUNT | Mounts.MS_BIND | extra, null);
            } catch (SyscallException e) {
                throw new IllegalStateException("remount " + describe(m) + ": " + e.getMessage(), e);
            }
        }
        propagate(paths, m, options);
    }

    private void cgroup(RootfsPaths paths, Mount m, MountOptions options) {
        CgroupMountPlan plan = CgroupMountPlan.forHost();
        long flags = options.flags() | Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC;
        boolean ownNamespace = spec.linux().namespaces().stream().anyMatch(ns -> "cgroup".equals(ns.type()));
        try (Fd target = paths.mkdirs(m.destination())) {
            if (plan.unifiedOnly()) {
                try {
                    Mounts.mount("cgroup2", target.procPath(), "cgroup2", flags, null);
                    return;
                } catch (SyscallException e) {
                    // a user namespace without a cgroup namespace may not mount cgroup2: runc binds
                    if (ownNamespace || !(e.is(Errno.EPERM) || e.is(Errno.EBUSY))) {
                        throw e;
                    }
                }
            } else {
                Mounts.mount("tmpfs", target.procPath(), "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC,
                        "mode=755");
            }
        }
        if (plan.unifiedOnly()) {
            bindOwnCgroup(plan.hierarchies().getFirst(), paths, m.destination(), flags, m);
            return;
        }
        for (CgroupMountPlan.Hierarchy h : plan.hierarchies()) {
            if (h.name().isEmpty()) {
                continue;
            }
            String dest = m.destination() + "/" + h.name();
            try {
                if (ownNamespace) {
                    try (Fd dir = paths.mkdirs(dest)) {
                        Mounts.mount("cgroup", dir.procPath(), h.type(), flags, h.data());
                    }
                } else {
                    bindOwnCgroup(h, paths, dest, flags, m);
                }
            } catch (SyscallException e) {
                throw new IllegalStateException("mount cgroup hierarchy " + h.name() + " at "
                        + m.destination() + ": " + e.getMessage(), e);
            }
        }
        comountedLinks(paths, m, plan);
        if ((options.flags() & Mounts.MS_RDONLY) != 0) {
            try (Fd target = paths.find(m.destination()).orElseThrow()) {
                Mounts.mount(null, target.procPath(), null,
                        Mounts.MS_REMOUNT | Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC | Mounts.MS_RDONLY,
                        "mode=755");
            }
        }
    }

    /** The container's own directory of hierarchy {@code h}, bound on {@code dest} with {@code flags}. */
    private void bindOwnCgroup(CgroupMountPlan.Hierarchy h, RootfsPaths paths, String dest, long flags, Mount m) {
        Path source = containerCgroups.hostDirectory(h).orElseThrow(() -> new IllegalStateException("mount "
                + describe(m) + ": the container has no cgroup in the " + h.name() + " hierarchy under the host's "
                + h.mountPoint()));
        try (Fd dir = paths.mkdirs(dest)) {
            Mounts.mount(source.toString(), dir.procPath(), null, Mounts.MS_BIND, null);
        }
        // the flags only take on a remount of the new mount itself, opened afresh
        try (Fd mounted = paths.find(dest).orElseThrow()) {
            Mounts.mount(null, mounted.procPath(), null, Mounts.MS_REMOUNT | Mounts.MS_BIND | flags, null);
        }
    }

    /** "cpu" and "cpuacct" links to a co-mounted "cpu,cpuacct", as the host and runc have them. */
    private static void comountedLinks(RootfsPaths paths, Mount m, CgroupMountPlan plan) {
        java.util.Set<String> names = new java.util.HashSet<>();
        plan.hierarchies().forEach(h -> names.add(h.name()));
        for (CgroupMountPlan.Hierarchy h : plan.hierarchies()) {
            if (!h.name().contains(",")) {
                continue;
            }
            for (String part : h.name().split(",")) {
                if (names.add(part)) {
                    try (Fd dir = paths.mkdirs(m.destination())) {
                        FileCalls.symlinkAt(h.name(), dir, part);
                    }
                }
            }
        }
    }

    private static void propagate(RootfsPaths paths, Mount m, MountOptions options) {
        if (options.propagation() == 0) {
            return;
        }
        try (Fd mounted = paths.find(m.destination()).orElseThrow()) {
            Mounts.mount(null, mounted.procPath(), null, options.propagation(), null);
        }
    }

    /** pivot_root into the rootfs and detach the old root (runc's pivot into ".", "."). */
    void pivot(boolean noPivot) {
        if (noPivot) {
            FileCalls.chdir(rootfs);
            Mounts.mount(rootfs, "/", null, Mounts.MS_MOVE, null);
            FileCalls.chroot(".");
            FileCalls.chdir("/");
            return;
        }
        try (Fd oldRoot = FileCalls.open("/", FileCalls.O_DIRECTORY | FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0);
             Fd newRoot = FileCalls.open(rootfs, FileCalls.O_DIRECTORY | FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0)) {
            FileCalls.fchdir(newRoot);
            Mounts.pivotRoot(".", ".");
            FileCalls.fchdir(oldRoot);
            // make sure the unmount of the old root does not propagate to the host
            Mounts.mount(null, ".", null, Mounts.MS_SLAVE | Mounts.MS_REC, null);
            Mounts.unmount(".", Mounts.MNT_DETACH);
        }
        FileCalls.chdir("/");
    }

    /**
     * Read-only and masked paths, still before pivot_root: the mounts land on the same inodes
     * as they would after it, and the host's /proc/self still names our fds, which the
     * container's /proc cannot do for a caller outside its pid namespace.
     */
    void protect() {
        try (Fd root = FileCalls.open(rootfs, FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
            RootfsPaths paths = new RootfsPaths(root);
            for (String path : spec.linux().readonlyPaths()) {
                readonly(paths, path);
            }
            if (spec.linux().maskedPaths().isEmpty()) {
                return;
            }
            try (Fd devNull = containersDevNull(paths).orElse(null)) {
                String source = devNull == null ? "/dev/null" : devNull.procPath();
                for (String path : spec.linux().maskedPaths()) {
                    mask(paths, path, source);
                }
            }
        }
    }

    /**
     * The container's own /dev/null, which masks files as runc's does after pivot_root (binding
     * the host's would show the host's devtmpfs in the container's mountinfo). Only a real null
     * device will do: an image may put anything at /dev/null when /dev is not a tmpfs.
     */
    private static Optional<Fd> containersDevNull(RootfsPaths paths) {
        Optional<Fd> found = paths.find("/dev/null");
        if (found.isPresent()) {
            FileStatus st = FileMetadata.stat(found.get());
            if (st.isCharDevice() && st.rdevMajor() == 1 && st.rdevMinor() == 3) {
                return found;
            }
            found.get().close();
        }
        return Optional.empty();
    }

    /** After pivot_root: the read-only root and the root's propagation. */
    void finish() {
        if (spec.root().isReadonly()) {
            Mounts.mount(null, "/", null, Mounts.MS_REMOUNT | Mounts.MS_BIND | Mounts.MS_RDONLY, null);
        }
        String propagation = spec.linux().rootfsPropagation();
        if (propagation != null && !propagation.isEmpty()) {
            Mounts.mount(null, "/", null, MountOptions.parse(List.of(propagation)).propagation(), null);
        }
    }

    private static void readonly(RootfsPaths paths, String path) {
        try (Fd fd = paths.find(path).orElse(null)) {
            if (fd == null) {
                return;
            }
            Mounts.mount(fd.procPath(), fd.procPath(), null, Mounts.MS_BIND | Mounts.MS_REC, null);
        }
        try (Fd mounted = paths.find(path).orElseThrow()) {
            Mounts.mount(null, mounted.procPath(), null, Mounts.MS_REMOUNT | Mounts.MS_BIND | Mounts.MS_RDONLY
                    | Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC, null);
        }
    }

    private static void mask(RootfsPaths paths, String path, String devNull) {
        try (Fd fd = paths.find(path).orElse(null)) {
            if (fd == null) {
                return;
            }
            boolean dir = Files.isDirectory(Path.of(fd.procPath()));
            if (dir) {
                Mounts.mount("tmpfs", fd.procPath(), "tmpfs", Mounts.MS_RDONLY, null);
            } else {
                Mounts.mount(devNull, fd.procPath(), null, Mounts.MS_BIND, null);
            }
        } catch (SyscallException e) {
            if (!e.is(Errno.ENOENT)) {
                throw new IllegalStateException("mask " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private static String describe(Mount m) {
        return (m.source() == null ? "" : m.source() + " ") + "on " + m.destination()
                + (m.type() == null ? "" : " type " + m.type());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
