package io.berth.storage.snapshot;

import io.berth.linux.Capability;
import io.berth.linux.EffectiveCapabilities;
import io.berth.storage.DirectoryTree;
import io.berth.storage.volume.ByteSize;
import io.berth.storage.volume.DiskImage;
import io.berth.storage.volume.DiskImageException;
import io.berth.storage.volume.DiskUsage;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The size-capped active snapshots of an {@link OverlaySnapshotter}: each one's upper and work
 * directories live on its own ext4 {@link DiskImage}, so a container writing past the cap gets
 * ENOSPC and the host loses at most the cap.
 *
 * <p>A snapshot exists exactly when {@code ROOT/disks/NAME} does, and that directory only ever
 * appears or goes by rename: the image is made, mounted in staging, given fs/, work/ and parent,
 * unmounted, and then renamed into place; removal renames it back out before deleting. So a crash
 * leaves either staging debris ({@link OverlaySnapshotter#cleanStaging}) or an empty
 * {@code ROOT/active/NAME} without a disk, which is no snapshot and which the next create of that
 * name takes over. A snapshot whose disk is not mounted (after a reboot) is mounted again when
 * its files are needed.
 */
final class CappedSnapshots {
    private final Path disks;
    private final Path active;
    private final Path staging;

    CappedSnapshots(Path root) {
        this.disks = root.resolve("disks");
        this.active = root.resolve("active");
        this.staging = root.resolve("staging");
    }

    boolean isCapped(String name) {
        return Files.isRegularFile(paths(name).image());
    }

    /** The names of every capped snapshot, mounted or not. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(disks)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(disks)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry.resolve("disk.img"))) {
                    names.add(entry.getFileName().toString());
                }
            }
        }
        return names;
    }

    /** Read from the copy beside the disk, so that listing never needs a mount. */
    Optional<String> parent(String name) throws IOException {
        Path file = paths(name).parentFile();
        return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    }

    /** Makes the capped snapshot NAME and mounts it; a failure leaves nothing behind. */
    void create(String name, Optional<String> parent, long sizeBytes) throws IOException {
        checkSize(name, sizeBytes);
        Path building = staging.resolve("capped-" + UUID.randomUUID());
        Files.createDirectories(building);
        try {
            DiskBuilder.build(building, parent, sizeBytes);
            Files.createDirectories(disks);
            Files.move(building, paths(name).disk(), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            DirectoryTree.delete(building);
            if (isCapped(name)) {
                throw new SnapshotException("snapshot \"" + name + "\" already exists");
            }
            throw e;
        } catch (DiskImageException | IllegalArgumentException e) {
            DirectoryTree.delete(building);
            throw new SnapshotException("cannot create the disk of snapshot \"" + name + "\": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            DirectoryTree.delete(building);
            throw e;
        }
        try {
            mountFresh(name);
        } catch (IOException | RuntimeException e) {
            try {
                remove(name);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Mounts the snapshot's disk at ROOT/active/NAME unless it is mounted there already. */
    void ensureMounted(String name) throws IOException {
        CappedPaths p = paths(name);
        Files.createDirectories(p.mountPoint());
        try {
            DiskImage.open(p.image()).mount(p.mountPoint());
        } catch (DiskImageException e) {
            throw new SnapshotException("cannot mount the disk of snapshot \"" + name + "\": " + e.getMessage(), e);
        }
    }

    /** Unmounts the disk, frees its loop device, deletes it and the mount point. Refused while in use. */
    void remove(String name) throws IOException {
        CappedPaths p = paths(name);
        String what = "snapshot \"" + name + "\"";
        DiskRelease.refuseOverlayOnTop(what, p.upper());
        DiskRelease.release(DiskImage.open(p.image()), p.mountPoint(), what);
        Path doomed = staging.resolve("removing-" + UUID.randomUUID());
        Files.createDirectories(staging);
        Files.move(p.disk(), doomed, StandardCopyOption.ATOMIC_MOVE);
        removeMountPoint(p.mountPoint());
        DirectoryTree.delete(doomed);
    }

    /**
     * Grows the disk to {@code sizeBytes}. Online where ext4 allows it (CAP_SYS_RESOURCE);
     * otherwise the disk is unmounted, grown and mounted back, which is refused while in use.
     */
    void grow(String name, long sizeBytes) throws IOException {
        checkSize(name, sizeBytes);
        CappedPaths p = paths(name);
        DiskImage image = DiskImage.open(p.image());
        long current = image.sizeBytes();
        if (sizeBytes < current) {
            throw new SnapshotException("cannot shrink snapshot \"" + name + "\" from " + ByteSize.format(current)
                    + " to " + ByteSize.format(sizeBytes) + ": only growing is supported");
        }
        ensureMounted(name);
        try {
            if (EffectiveCapabilities.has(Capability.CAP_SYS_RESOURCE)) {
                image.grow(sizeBytes);
            } else {
                growUnmounted(name, p, image, sizeBytes);
            }
        } catch (DiskImageException e) {
            throw new SnapshotException("cannot grow snapshot \"" + name + "\": " + e.getMessage(), e);
        }
    }

    /** df for the snapshot's disk, mounting it if need be. */
    DiskUsage usage(String name) throws IOException {
        ensureMounted(name);
        return DiskImage.open(paths(name).image()).usage().orElseThrow(
                () -> new SnapshotException("the disk of snapshot \"" + name + "\" was unmounted meanwhile"));
    }

    long sizeLimit(String name) {
        return DiskImage.open(paths(name).image()).sizeBytes();
    }

    CappedPaths paths(String name) {
        return new CappedPaths(disks.resolve(name), active.resolve(name));
    }

    private void growUnmounted(String name, CappedPaths p, DiskImage image, long sizeBytes) throws IOException {
        String what = "snapshot \"" + name + "\"";
        try {
            DiskRelease.refuseOverlayOnTop(what, p.upper());
            DiskRelease.release(image, p.mountPoint(), what);
        } catch (SnapshotException e) {
            throw new SnapshotException("cannot grow " + what + " while it is in use: this process lacks"
                    + " CAP_SYS_RESOURCE, which ext4 online resize needs, so its disk must be unmounted: "
                    + e.getMessage(), e);
        }
        try {
            image.grow(sizeBytes);
        } finally {
            ensureMounted(name);
        }
    }

    /** Mounts a just-claimed disk on an empty ROOT/active/NAME, left over by a crash or made now. */
    private void mountFresh(String name) throws IOException {
        Path mountPoint = paths(name).mountPoint();
        Files.createDirectories(mountPoint);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(mountPoint)) {
            if (entries.iterator().hasNext()) {
                throw new SnapshotException("snapshot \"" + name + "\" already exists: " + mountPoint
                        + " is not empty");
            }
        }
        ensureMounted(name);
    }

    /** Removes the bare mount point; files someone put there while it was unmounted are not ours to delete. */
    private static void removeMountPoint(Path mountPoint) throws IOException {
        try {
            Files.deleteIfExists(mountPoint);
        } catch (DirectoryNotEmptyException e) {
            // left in place: without a disk it is no snapshot, and a create of this name says it is not empty
        }
    }

    private static void checkSize(String name, long sizeBytes) {
        if (sizeBytes < DiskImage.MINIMUM_SIZE) {
            throw new SnapshotException("size limit " + ByteSize.format(Math.max(sizeBytes, 0)) + " (" + sizeBytes
                    + " bytes) of snapshot \"" + name + "\" is below the minimum of "
                    + ByteSize.format(DiskImage.MINIMUM_SIZE) + ": ext4 needs room for its journal and metadata");
        }
    }
}
