package io.berth.storage.snapshot;

import java.util.List;

/**
 * A mount to make, as a value: what a snapshotter hands out instead of mounting, so callers choose
 * where and when (a bundle's rootfs, a container's root in the daemon), as containerd's
 * snapshotters return mounts.
 *
 * @param type    "overlay" or "bind"
 * @param source  the device or directory
 * @param options mount options as mount(8) writes them ("ro", "lowerdir=...", ...)
 */
public record StorageMount(String type, String source, List<String> options) {
    public StorageMount {
        options = List.copyOf(options);
    }
}
