package io.berth.storage.snapshot;

import java.nio.file.Path;

/**
 * Where a size-capped active snapshot lives. The disk directory sits outside the mount point so
 * that the snapshot, and its parent, are known without mounting (after a reboot, say); the
 * directory overlayfs uses lives inside the mounted ext4.
 *
 * @param disk       ROOT/disks/NAME: {@code disk.img} and a copy of {@code parent}
 * @param mountPoint ROOT/active/NAME: where the ext4 is mounted; holds fs/, work/ and parent
 */
record CappedPaths(Path disk, Path mountPoint) {
    Path image() {
        return disk.resolve("disk.img");
    }

    Path parentFile() {
        return disk.resolve("parent");
    }

    Path upper() {
        return mountPoint.resolve("fs");
    }
}
