package io.berth.storage.snapshot;

import io.berth.linux.MountInfo;
import io.berth.linux.Mounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Mounts an interrupted process left in staging: a capped snapshot's disk is mounted there while
 * it is filled. They must go before the staging tree is deleted, or the delete would walk into
 * the disk; the loop device frees itself (autoclear) once its mount is gone.
 */
final class StagingMounts {
    private StagingMounts() {
    }

    static void detachAll(Path staging) throws IOException {
        String prefix = staging.toRealPath() + "/";
        List<String> inside = MountInfo.readSelf().stream()
                .map(MountInfo::mountPoint)
                .filter(p -> p.startsWith(prefix))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (String mountPoint : inside) {
            // lazily: a crashed process's leftovers have no one to wait for
            Mounts.unmount(mountPoint, Mounts.MNT_DETACH);
        }
    }
}
