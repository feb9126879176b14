package io.berth.storage.snapshot;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Mounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Carries out the {@link StorageMount}s a snapshotter hands out. */
public final class MountExecutor {
    // mount(2) takes at most one page of option data; a long chain's lowerdir list can be longer
    private static final int MOUNT_DATA_LIMIT = 4095;

    private MountExecutor() {
    }

    public static void mount(List<StorageMount> mounts, Path target) {
        for (StorageMount m : mounts) {
            mount(m, target);
        }
    }

    public static void mount(StorageMount m, Path target) {
        switch (m.type()) {
            case "bind" -> {
                long flags = Mounts.MS_BIND | (m.options().contains("rbind") ? Mounts.MS_REC : 0);
                Mounts.mount(m.source(), target.toString(), null, flags, null);
                if (m.options().contains("ro")) {
                    Mounts.mount(null, target.toString(), null, Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY, null);
                }
            }
            case "overlay" -> mountOverlay(m, target);
            default -> throw new SnapshotException("unsupported mount type \"" + m.type() + "\"");
        }
    }

    private static void mountOverlay(StorageMount m, Path target) {
        String data = String.join(",", m.options());
        if (data.length() <= MOUNT_DATA_LIMIT) {
            Mounts.mount("overlay", target.toString(), "overlay", 0, data);
            return;
        }
        // Name each lower dir by an O_PATH fd instead: "/proc/self/fd/N" is short whatever the
        // store's path, and overlayfs resolves it at mount time, after which the fds can go.
        List<Fd> fds = new ArrayList<>();
        try {
            List<String> options = new ArrayList<>();
            for (String option : m.options()) {
                if (option.startsWith("lowerdir=")) {
                    List<String> short_ = new ArrayList<>();
                    for (String dir : option.substring("lowerdir=".length()).split(":")) {
                        Fd fd = FileCalls.open(dir, FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0);
                        fds.add(fd);
                        short_.add(fd.procPath());
                    }
                    options.add("lowerdir=" + String.join(":", short_));
                } else {
                    options.add(option);
                }
            }
            String shortData = String.join(",", options);
            if (shortData.length() > MOUNT_DATA_LIMIT) {
                throw new SnapshotException("overlay of " + fds.size() + " layers needs " + shortData.length()
                        + " bytes of mount options, over the kernel's limit of " + MOUNT_DATA_LIMIT);
            }
            Mounts.mount("overlay", target.toString(), "overlay", 0, shortData);
        } finally {
            fds.forEach(Fd::close);
        }
    }

    public static void unmount(Path target) {
        Mounts.unmount(target.toString(), 0);
    }
}
