package io.berth.storage.volume;

import io.berth.linux.Capability;
import io.berth.linux.EffectiveCapabilities;
import io.berth.linux.Errno;
import io.berth.linux.LoopDevice;
import io.berth.linux.LoopDevices;
import io.berth.linux.LoopStatus;
import io.berth.linux.MountInfo;
import io.berth.linux.Mounts;
import io.berth.linux.StatFs;
import io.berth.linux.SyscallException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A size-capped file system: ext4 in a sparse file, attached to a loop device and mounted at a
 * directory. Writes past the size fail with ENOSPC inside; the host loses at most the file's size.
 * Usable alone, e.g. to cap a container's writable layer; {@link VolumeStore} adds names.
 *
 * <p>Loop devices are attached with autoclear, so the kernel frees the device when its last mount
 * goes, and a machine that rebooted simply has the file, ready to {@link #mount} again. One file is
 * never attached twice: two devices on one file would be two ext4 caches writing the same blocks.
 * Mount, unmount and grow are serialized within this JVM, not between processes.
 */
public final class DiskImage {
    /** ext4 with its smallest journal (1 MiB) and metadata leaves about 2.8 MiB usable in 4 MiB. */
    public static final long MINIMUM_SIZE = 4L << 20;
    /** Sizes are rounded up to whole 4 KiB pages. */
    public static final long ALIGNMENT = 4096;
    private static final Object LOCK = new Object();
    private static final long DETACH_WAIT_MILLIS = 5_000;

    private final Path file;

    private DiskImage(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** Makes a new sparse file of {@code sizeBytes} (rounded up) holding an empty ext4. */
    public static DiskImage create(Path file, long sizeBytes) {
        long size = checkedSize(sizeBytes);
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new DiskImageException("disk image " + file + " already exists");
        } catch (IOException e) {
            throw new DiskImageException("cannot create disk image " + file + ": " + e, e);
        }
        boolean made = false;
        try {
            setLength(file, size);
            E2fsprogs.makeFileSystem(file);
            made = true;
            return new DiskImage(file);
        } finally {
            if (!made) {
                deleteQuietly(file);
            }
        }
    }

    /** An existing disk image. */
    public static DiskImage open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DiskImageException("no disk image at " + file);
        }
        return new DiskImage(file);
    }

    public Path file() {
        return file;
    }

    /** The capacity, which is the file's length; the file itself is sparse. */
    public long sizeBytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DiskImageException("cannot read the size of disk image " + file + ": " + e, e);
        }
    }

    /** The loop device this image is attached to, if any. */
    public Optional<LoopStatus> loopDevice() {
        return LoopDevices.backing(file).stream().findFirst();
    }

    /** Where this image is mounted in the caller's mount namespace. */
    public List<Path> mountPoints() {
        Set<Integer> devices = LoopDevices.backing(file).stream().map(LoopStatus::number).collect(Collectors.toSet());
        if (devices.isEmpty()) {
            return List.of();
        }
        return MountInfo.readSelf().stream()
                .filter(m -> m.fsType().equals("ext4"))
                .filter(m -> {
                    OptionalInt n = LoopDevices.numberOf(m.major(), m.minor());
                    return n.isPresent() && devices.contains(n.getAsInt());
                })
                .map(m -> Path.of(m.mountPoint()))
                .toList();
    }

    public boolean isMountedAt(Path target) {
        return mountPoints().contains(realDirectory(target));
    }

    /** Mounts the image at {@code target}, an existing directory; nothing happens if it is mounted there. */
    public void mount(Path target) {
        Path where = realDirectory(target);
        synchronized (LOCK) {
            if (mountPoints().contains(where)) {
                return;
            }
            Optional<LoopStatus> attached = loopDevice();
            if (attached.isPresent()) {
                mountDevice(attached.get().devicePath(), where);
                return;
            }
            // the open handle keeps the autoclear device bound until the mount holds it too
            try (LoopDevice loop = attach()) {
                mountDevice(loop.path(), where);
            }
        }
    }

    /** Unmounts the image from {@code target} and, when no other mount uses it, frees its loop device. */
    public void unmount(Path target) {
        Path where = realDirectory(target);
        synchronized (LOCK) {
            if (mountPoints().contains(where)) {
                try {
                    Mounts.unmount(where.toString(), 0);
                } catch (SyscallException e) {
                    throw new DiskImageException("cannot unmount disk image " + file + " from " + where
                            + (e.is(Errno.EBUSY) ? ": it is busy (open files or mounts inside)" : "")
                            + ": " + e.getMessage(), e);
                }
            }
            if (mountPoints().isEmpty()) {
                detach();
            }
        }
    }

    /**
     * Grows the image to {@code newSizeBytes} (rounded up): the file, then the loop device, then
     * ext4. A mounted image grows online where the kernel lets us: ext4 online resize needs
     * CAP_SYS_RESOURCE, so without it the image is unmounted, grown and mounted back at its one
     * mount point. Asking for the current size finishes a grow that failed half-way.
     */
    public void grow(long newSizeBytes) {
        long size = checkedSize(newSizeBytes);
        synchronized (LOCK) {
            long current = sizeBytes();
            if (size < current) {
                throw new IllegalArgumentException("cannot shrink disk image " + file + " from "
                        + ByteSize.format(current) + " to " + ByteSize.format(size) + ": only growing is supported");
            }
            List<Path> mounted = mountPoints();
            if (mounted.isEmpty()) {
                detach();
                growUnmounted(size);
            } else if (EffectiveCapabilities.has(Capability.CAP_SYS_RESOURCE)) {
                growMounted(size);
            } else {
                growByRemounting(size, mounted);
            }
        }
    }

    private void growUnmounted(long size) {
        setLength(file, size);
        E2fsprogs.check(file.toString());
        E2fsprogs.resize(file.toString());
    }

    private void growMounted(long size) {
        setLength(file, size);
        LoopStatus attached = loopDevice().orElseThrow(
                () -> new DiskImageException("disk image " + file + " lost its loop device while growing"));
        try (LoopDevice loop = LoopDevice.open(attached.number(), false)) {
            loop.refreshCapacity();
        }
        E2fsprogs.resize(attached.devicePath());
    }

    private void growByRemounting(long size, List<Path> mounted) {
        String why = "cannot grow disk image " + file + " while it is mounted: this process lacks CAP_SYS_RESOURCE,"
                + " which ext4 online resize needs, so it must be unmounted";
        if (mounted.size() > 1) {
            throw new DiskImageException(why + ", and it is mounted at " + mounted + ", not at one place only");
        }
        Path where = mounted.getFirst();
        try {
            unmount(where);
        } catch (DiskImageException e) {
            throw new DiskImageException(why + ": " + e.getMessage(), e);
        }
        try {
            growUnmounted(size);
        } catch (RuntimeException e) {
            try {
                mount(where);
            } catch (RuntimeException remount) {
                e.addSuppressed(remount);
            }
            throw e;
        }
        mount(where);
    }

    /** df for the mounted image; empty when it is not mounted. */
    public Optional<DiskUsage> usage() {
        return mountPoints().stream().findFirst().map(p -> DiskUsage.of(StatFs.of(p.toString())));
    }

    /** Deletes the file; refused while a loop device still holds it. */
    public void delete() {
        loopDevice().ifPresent(s -> {
            throw new DiskImageException("disk image " + file + " is still attached to " + s.devicePath());
        });
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DiskImageException("cannot delete disk image " + file + ": " + e, e);
        }
    }

    /** Frees the loop device of an image that is mounted nowhere; waits for the kernel to let go. */
    public void detach() {
        synchronized (LOCK) {
            List<Path> mounted = mountPoints();
            if (!mounted.isEmpty()) {
                throw new DiskImageException("disk image " + file + " is still mounted at " + mounted);
            }
            long deadline = System.currentTimeMillis() + DETACH_WAIT_MILLIS;
            for (Optional<LoopStatus> s = loopDevice(); s.isPresent(); s = loopDevice()) {
                try (LoopDevice loop = LoopDevice.open(s.get().number(), false)) {
                    loop.clear();
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new DiskImageException("disk image " + file + " is still attached to "
                            + s.get().devicePath() + ": something else holds the device open");
                }
                sleep();
            }
        }
    }

    static long checkedSize(long sizeBytes) {
        if (sizeBytes < MINIMUM_SIZE) {
            throw new IllegalArgumentException("size " + ByteSize.format(Math.max(sizeBytes, 0)) + " (" + sizeBytes
                    + " bytes) is below the minimum of " + ByteSize.format(MINIMUM_SIZE)
                    + ": ext4 needs room for its journal and metadata");
        }
        if (sizeBytes > Long.MAX_VALUE - ALIGNMENT) {
            throw new IllegalArgumentException("size " + sizeBytes + " bytes is too large");
        }
        return (sizeBytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private LoopDevice attach() {
        try {
            return LoopDevices.attach(file, LoopDevices.LO_FLAGS_AUTOCLEAR);
        } catch (SyscallException e) {
            throw new DiskImageException("cannot attach disk image " + file + " to a loop device: " + e.getMessage(), e);
        }
    }

    private void mountDevice(String device, Path where) {
        try {
            Mounts.mount(device, where.toString(), "ext4", 0, null);
        } catch (SyscallException e) {
            throw new DiskImageException("cannot mount disk image " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path realDirectory(Path target) {
        try {
            Path real = target.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new DiskImageException("mount point " + target + " is not a directory");
            }
            return real;
        } catch (IOException e) {
            throw new DiskImageException("mount point " + target + " does not exist: " + e, e);
        }
    }

    private static void setLength(Path file, long size) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        } catch (IOException e) {
            throw new DiskImageException("cannot size disk image " + file + " to " + ByteSize.format(size) + ": "
                    + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the original failure matters more; the caller's cleanup of the directory will retry
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiskImageException("interrupted while waiting for a loop device to be freed");
        }
    }
}
