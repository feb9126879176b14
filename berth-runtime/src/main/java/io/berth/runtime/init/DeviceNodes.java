package io.berth.runtime.init;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.runtime.spec.LinuxDevice;
import java.util.List;

/** The default /dev of an OCI container (config-linux.md#default-devices) and linux.devices. */
final class DeviceNodes {
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    static final List<LinuxDevice> DEFAULTS = List.of(
            device("/dev/null", 1, 3), device("/dev/zero", 1, 5), device("/dev/full", 1, 7),
            device("/dev/random", 1, 8), device("/dev/urandom", 1, 9), device("/dev/tty", 5, 0));

    private static final List<String[]> LINKS = List.of(
            new String[] {"/dev/fd", "/proc/self/fd"}, new String[] {"/dev/stdin", "/proc/self/fd/0"},
            new String[] {"/dev/stdout", "/proc/self/fd/1"}, new String[] {"/dev/stderr", "/proc/self/fd/2"});
    // a kernel without CONFIG_PROC_KCORE has no /proc/kcore: no dangling /dev/core then (runc's check)
    private static final String[] CORE_LINK = {"/dev/core", "/proc/kcore"};

    private DeviceNodes() {}

    private static LinuxDevice device(String path, long major, long minor) {
        return new LinuxDevice("c", path, major, minor, 0666, 0L, 0L);
    }

    /** Creates the default devices, the /dev symlinks, then the config's own devices. */
    static void create(RootfsPaths paths, List<LinuxDevice> extra, boolean ptmxLink, boolean bindFromHost) {
        for (LinuxDevice d : DEFAULTS) {
            if (bindFromHost) {
                bind(paths, d);
            } else {
                make(paths, d);
            }
        }
        for (String[] link : LINKS) {
            symlink(paths, link[1], link[0]);
        }
        if (java.nio.file.Files.exists(java.nio.file.Path.of(CORE_LINK[1]))) {
            symlink(paths, CORE_LINK[1], CORE_LINK[0]);
        }
        if (ptmxLink) {
            symlink(paths, "pts/ptmx", "/dev/ptmx");
        }
        for (LinuxDevice d : extra) {
            if (bindFromHost) {
                bind(paths, d);
            } else {
                make(paths, d);
            }
        }
    }

    /**
     * In a user namespace mknod is refused: the host's node is bind-mounted instead, as runc
     * does. The node keeps its host owner and mode.
     */
    static void bind(RootfsPaths paths, LinuxDevice d) {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(d.path()))) {
            throw new IllegalStateException("device " + d.path() + ": in a user namespace devices are bind-mounted"
                    + " from the host, which has no " + d.path());
        }
        try (Fd target = paths.touch(d.path())) {
            io.berth.linux.Mounts.mount(d.path(), target.procPath(), null, io.berth.linux.Mounts.MS_BIND, null);
        } catch (io.berth.linux.SyscallException e) {
            throw new IllegalStateException("bind device " + d.path() + ": " + e.getMessage(), e);
        }
    }

    static void make(RootfsPaths paths, LinuxDevice d) {
        RootfsPaths.Parent parent = paths.parent(d.path());
        try (Fd dir = parent.dir()) {
            int type = switch (d.type()) {
                case "b" -> S_IFBLK;
                case "p" -> S_IFIFO;
                default -> S_IFCHR;
            };
            int mode = d.fileMode() == null ? 0666 : d.fileMode() & 07777;
            long dev = d.major() == null ? 0 : makedev(d.major(), d.minor());
            java.util.Optional<Fd> existing = paths.find(d.path());
            if (existing.isPresent()) {
                // the image ships the node already (no /dev tmpfs): keep it, as runc does
                existing.get().close();
                return;
            }
            try {
                FileCalls.mknodAt(dir, parent.name(), type | mode, dev);
            } catch (io.berth.linux.SyscallException e) {
                throw new IllegalStateException("create device " + d.path() + ": " + e.getMessage(), e);
            }
            try (Fd node = io.berth.linux.RootedPaths.openInRoot(paths.root(), d.path(),
                    FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0)) {
                FileCalls.fchown(node, d.uid() == null ? 0 : d.uid().intValue(),
                        d.gid() == null ? 0 : d.gid().intValue());
            }
        }
    }

    private static void symlink(RootfsPaths paths, String target, String path) {
        if (paths.find(path).map(fd -> {
            fd.close();
            return true;
        }).orElse(false)) {
            return;
        }
        RootfsPaths.Parent parent = paths.parent(path);
        try (Fd dir = parent.dir()) {
            FileCalls.symlinkAt(target, dir, parent.name());
        }
    }

    /** gnu_dev_makedev: the kernel's 64-bit dev_t encoding of major and minor. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }
}
