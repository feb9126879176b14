package io.berth.storage.snapshot;

import io.berth.linux.Errno;
import io.berth.linux.FileCalls;
import io.berth.linux.LoopDevices;
import io.berth.linux.LoopStatus;
import io.berth.linux.MountInfo;
import io.berth.linux.Mounts;
import io.berth.linux.SyscallException;
import io.berth.storage.volume.DiskImage;
import io.berth.storage.volume.DiskImageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Takes a capped snapshot's ext4 off its mount point and frees the loop device, or puts it back
 * and refuses when something else still uses the file system.
 *
 * <p>Unmounting the ext4 under a mounted overlay succeeds: overlayfs holds a private clone of its
 * upper layer's mount, which no mount table shows, so neither umount(2) nor mountinfo of another
 * mount namespace would tell. What does tell is the block device: a live ext4 holds its device
 * exclusively, so after our unmount an O_EXCL open of the loop device fails with EBUSY exactly
 * when someone else (an overlay, a copy of the mount in another namespace, a lazily detached
 * mount with open files) still has the file system.
 */
final class DiskRelease {
    private static final int ENXIO = 6;

    private DiskRelease() {
    }

    /** Refuses when an overlay in the caller's mount namespace uses {@code upper}; names where it is mounted. */
    static void refuseOverlayOnTop(String what, Path upper) {
        String option = "upperdir=" + upper;
        for (MountInfo m : MountInfo.readSelf()) {
            if (m.fsType().equals("overlay") && List.of(m.superOptions().split(",")).contains(option)) {
                throw new SnapshotException(what + " is in use: its overlay is mounted at " + m.mountPoint());
            }
        }
    }

    /**
     * Unmounts {@code image} from {@code mountPoint} and detaches its loop device. Refuses, leaving
     * the image mounted as it was, if the file system is mounted or held anywhere else.
     */
    static void release(DiskImage image, Path mountPoint, String what) {
        Optional<LoopStatus> loop = image.loopDevice();
        if (loop.isEmpty()) {
            return;
        }
        Optional<Path> here = realPath(mountPoint);
        List<Path> mounted = image.mountPoints();
        boolean mountedHere = here.isPresent() && mounted.contains(here.get());
        List<Path> elsewhere = mounted.stream().filter(p -> !here.equals(Optional.of(p))).toList();
        if (!elsewhere.isEmpty()) {
            throw new SnapshotException(what + " is in use: its disk is also mounted at " + elsewhere);
        }
        if (mountedHere) {
            unmount(mountPoint, what);
        }
        if (stillClaimed(loop.get(), image)) {
            if (mountedHere) {
                image.mount(mountPoint);
            }
            throw new SnapshotException(what + " is in use: its file system on " + loop.get().devicePath()
                    + " is still mounted somewhere else, such as a container's overlay or a copy of the mount"
                    + " in another mount namespace");
        }
        try {
            image.detach();
        } catch (DiskImageException e) {
            throw new SnapshotException(what + " is in use: " + e.getMessage(), e);
        }
    }

    private static void unmount(Path mountPoint, String what) {
        try {
            Mounts.unmount(mountPoint.toString(), 0);
        } catch (SyscallException e) {
            if (e.is(Errno.EBUSY)) {
                throw new SnapshotException(what + " is in use: files are open or something is mounted inside "
                        + mountPoint, e);
            }
            throw new SnapshotException("cannot unmount " + what + " from " + mountPoint + ": " + e.getMessage(), e);
        }
    }

    /** Whether a mount we cannot see still holds the loop device that backed our unmounted image. */
    private static boolean stillClaimed(LoopStatus loop, DiskImage image) {
        if (LoopDevices.backing(image.file()).stream().noneMatch(s -> s.number() == loop.number())) {
            return false;
        }
        try {
            FileCalls.open(loop.devicePath(), FileCalls.O_RDONLY | FileCalls.O_EXCL | FileCalls.O_CLOEXEC, 0).close();
            return false;
        } catch (SyscallException e) {
            if (e.is(Errno.EBUSY)) {
                return true;
            }
            if (e.is(ENXIO) || e.is(Errno.ENOENT)) {
                return false; // the device was freed meanwhile
            }
            throw e;
        }
    }

    private static Optional<Path> realPath(Path dir) {
        try {
            return Optional.of(dir.toRealPath());
        } catch (IOException e) {
            return Optional.empty(); // no mount point: mounted nowhere here
        }
    }
}
