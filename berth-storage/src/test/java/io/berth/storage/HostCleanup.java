package io.berth.storage;

import io.berth.linux.LoopDevice;
import io.berth.linux.LoopDevices;
import io.berth.linux.LoopStatus;
import io.berth.linux.MountInfo;
import io.berth.linux.Mounts;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test support: undoes whatever a failed test left under a temporary root so that no mount or
 * loop device outlives the run: mounts newest first (an overlay before the ext4 under it), then
 * the loop devices of files under the root, then the files.
 */
public final class HostCleanup {
    private HostCleanup() {
    }

    public static void removeAll(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        String prefix = root.toRealPath() + "/";
        List<String> mounts = MountInfo.readSelf().stream().map(MountInfo::mountPoint)
                .filter(p -> p.startsWith(prefix))
                .toList()
                .reversed();
        for (String mountPoint : mounts) {
            Mounts.unmount(mountPoint, Mounts.MNT_DETACH);
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                for (LoopStatus s : LoopDevices.backing(file)) {
                    try (LoopDevice d = LoopDevice.open(s.number(), false)) {
                        d.clear();
                    }
                }
            }
        }
        TempDirs.delete(root);
    }

    /** The bytes the host file system gave {@code file}, as du counts them. */
    public static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "--format=%b %B", file.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).strip().split(" ");
        if (stat.waitFor() != 0) {
            throw new IOException("stat " + file + " failed");
        }
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    /** Whether /sys says loop device {@code number} is bound to {@code file}. */
    public static boolean loopBacks(int number, Path file) throws IOException {
        Path backing = Path.of("/sys/block/loop" + number + "/loop/backing_file");
        return Files.exists(backing) && Files.readString(backing).strip().startsWith(file.toString());
    }
}
