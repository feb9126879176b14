package io.berth.storage.volume;

import io.berth.linux.Errno;
import io.berth.linux.MountInfo;
import io.berth.linux.SyscallException;
import io.berth.storage.DirectoryTree;
import io.berth.storage.volume.VolumeException.Reason;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Named volumes under {@code ROOT/volumes}, laid out as Docker's local driver lays them out (see
 * package-info). A volume without a size is a plain directory; one with a size is a
 * {@link DiskImage} mounted at its {@code _data}. Operations are serialized per store.
 */
public final class VolumeStore {
    public static final String DRIVER = "local";
    public static final String SCOPE = "local";
    private static final String STAGING_PREFIX = ".creating-";
    private static final String REMOVING_PREFIX = ".removing-";

    private final Path volumes;
    private final Clock clock;

    public VolumeStore(Path root) {
        this(root, Clock.systemUTC());
    }

    public VolumeStore(Path root, Clock clock) {
        this.volumes = root.toAbsolutePath().normalize().resolve("volumes");
        this.clock = clock;
        try {
            if (!Files.isDirectory(volumes)) {
                Files.createDirectories(volumes);
                Files.setPosixFilePermissions(volumes, PosixFilePermissions.fromString("rwx--x--x"));
            }
        } catch (IOException e) {
            throw new VolumeException(Reason.FAILED, "cannot create volume directory " + volumes + ": " + e, e);
        }
    }

    /**
     * Creates a volume, or returns the existing one of that name if it was made with the same
     * options (as Docker does). An empty name gets a random one. A failure leaves nothing behind.
     *
     * @param size    a cap such as "100M" (see {@link ByteSize}); the option "size" says the same
     * @param labels  kept as given; a repeated create keeps the first labels
     * @param options driver options; only "size" is known
     */
    public synchronized Volume create(String name, Optional<String> size, Map<String, String> labels,
            Map<String, String> options) {
        VolumeName volume = name == null || name.isEmpty() ? VolumeName.random() : validName(name);
        VolumeOptions requested = VolumeOptions.requested(volume, size, options);
        VolumePaths paths = pathsOf(volume);
        if (Files.exists(paths.metadata())) {
            VolumeOptions existing = VolumeOptions.stored(volume, read(volume).options());
            if (!existing.sameAs(requested)) {
                throw new VolumeException(Reason.CONFLICT, "volume " + volume + " already exists with options "
                        + existing.values() + ", not " + requested.values());
            }
            return inspect(volume.value());
        }
        if (Files.exists(paths.dir())) {
            throw new VolumeException(Reason.CONFLICT, paths.dir() + " exists but is not a volume (it has no"
                    + " volume.json); move it away to use the name " + volume);
        }
        VolumeFile file = new VolumeFile(volume.value(), DRIVER,
                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), labels, requested.values());
        build(volume, paths, file, requested);
        if (requested.sizeBytes().isPresent()) {
            try {
                mountFresh(paths);
            } catch (RuntimeException e) {
                try {
                    remove(volume.value());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw failed(volume, "cannot mount the new disk image", e);
            }
        }
        return inspect(volume.value());
    }

    /** Every volume, by name. */
    public synchronized List<Volume> list() {
        List<Volume> result = new ArrayList<>();
        try (Stream<Path> entries = Files.list(volumes)) {
            for (Path dir : entries.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(dir.resolve("volume.json"))) {
                    try {
                        result.add(inspect(name));
                    } catch (VolumeException e) {
                        // a volume broken on disk stays out of the list; inspect names what is wrong
                    }
                }
            }
        } catch (IOException e) {
            throw new VolumeException(Reason.FAILED, "cannot list " + volumes + ": " + e, e);
        }
        return result;
    }

    public synchronized Volume inspect(String name) {
        VolumeName volume = validName(name);
        VolumeFile file = read(volume);
        VolumePaths paths = pathsOf(volume);
        VolumeOptions options = VolumeOptions.stored(volume, file.options());
        Instant createdAt = Instant.parse(file.createdAt());
        if (options.sizeBytes().isEmpty()) {
            return new Volume(volume.value(), file.driver(), paths.data(), createdAt, file.labels(), file.options(),
                    SCOPE, options.sizeBytes(), true, Optional.empty());
        }
        try {
            DiskImage image = DiskImage.open(paths.diskImage());
            boolean mounted = image.isMountedAt(paths.data());
            return new Volume(volume.value(), file.driver(), paths.data(), createdAt, file.labels(), file.options(),
                    SCOPE, OptionalLong.of(image.sizeBytes()), mounted,
                    mounted ? image.usage() : Optional.empty());
        } catch (DiskImageException e) {
            throw failed(volume, "its disk image is unusable", e);
        }
    }

    /**
     * Makes a size-capped volume's data reachable again, e.g. after a reboot took the loop device
     * and the mount away. Does nothing to a volume that is mounted or a plain directory.
     */
    public synchronized Volume ensureMounted(String name) {
        VolumeName volume = validName(name);
        VolumeFile file = read(volume);
        if (VolumeOptions.stored(volume, file.options()).sizeBytes().isPresent()) {
            try {
                DiskImage.open(pathsOf(volume).diskImage()).mount(pathsOf(volume).data());
            } catch (DiskImageException e) {
                throw failed(volume, "cannot mount its disk image", e);
            }
        }
        return inspect(name);
    }

    /** Grows a size-capped volume to {@code size}, online; its data stays. Shrinking is refused. */
    public synchronized Volume resize(String name, String size) {
        VolumeName volume = validName(name);
        VolumeFile file = read(volume);
        VolumeOptions options = VolumeOptions.stored(volume, file.options());
        if (options.sizeBytes().isEmpty()) {
            throw new VolumeException(Reason.INVALID, "volume " + volume
                    + " has no size limit: only volumes created with a size can be resized");
        }
        long bytes = VolumeOptions.sizeBytes(volume, size);
        DiskImage image = image(volume);
        if (bytes < image.sizeBytes()) {
            throw new VolumeException(Reason.INVALID, "cannot shrink volume " + volume + " from "
                    + ByteSize.format(image.sizeBytes()) + " to " + ByteSize.format(bytes) + ": only growing is supported");
        }
        ensureMounted(name);
        try {
            image.grow(bytes);
            new VolumeFile(file.name(), file.driver(), file.createdAt(), file.labels(),
                    options.withSize(size, bytes).values()).write(pathsOf(volume).metadata());
        } catch (DiskImageException e) {
            throw failed(volume, "cannot grow its disk image", e);
        } catch (IOException e) {
            throw failed(volume, "cannot record its new size", e);
        }
        return inspect(name);
    }

    /** Unmounts a size-capped volume and frees its loop device; its data stays for {@link #ensureMounted}. */
    public synchronized void unmount(String name) {
        VolumeName volume = validName(name);
        read(volume);
        if (Files.exists(pathsOf(volume).diskImage())) {
            release(volume, image(volume), pathsOf(volume).data());
        }
    }

    /** Deletes a volume: unmounts it, frees its loop device, deletes its disk image and directory. */
    public synchronized void remove(String name) {
        VolumeName volume = validName(name);
        VolumePaths paths = pathsOf(volume);
        if (!Files.isDirectory(paths.dir())) {
            throw notFound(volume);
        }
        if (Files.exists(paths.diskImage())) {
            release(volume, DiskImage.open(paths.diskImage()), paths.data());
        }
        String prefix = paths.dir().toString() + "/";
        for (MountInfo m : MountInfo.readSelf()) {
            if (m.mountPoint().equals(paths.dir().toString()) || m.mountPoint().startsWith(prefix)) {
                throw new VolumeException(Reason.IN_USE, "volume " + volume + " is in use: " + m.source()
                        + " is mounted at " + m.mountPoint());
            }
        }
        // out of the name's place first, so a crash part-way leaves no half volume under the name
        Path doomed = volumes.resolve(REMOVING_PREFIX + UUID.randomUUID());
        try {
            Files.move(paths.dir(), doomed, StandardCopyOption.ATOMIC_MOVE);
            DirectoryTree.delete(doomed);
        } catch (IOException e) {
            throw failed(volume, "cannot delete " + paths.dir(), e);
        }
    }

    /** Makes the volume in a staging directory and renames it into place whole. */
    private void build(VolumeName volume, VolumePaths paths, VolumeFile file, VolumeOptions options) {
        VolumePaths staging = new VolumePaths(volumes.resolve(STAGING_PREFIX + UUID.randomUUID()));
        try {
            Files.createDirectory(staging.dir());
            Files.createDirectory(staging.data());
            if (options.sizeBytes().isPresent()) {
                DiskImage.create(staging.diskImage(), options.sizeBytes().getAsLong());
            }
            file.write(staging.metadata());
            Files.move(staging.dir(), paths.dir(), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            deleteStaging(staging, e);
            throw new VolumeException(Reason.CONFLICT, "volume " + volume + " was created by someone else meanwhile", e);
        } catch (IOException | RuntimeException e) {
            deleteStaging(staging, e);
            throw failed(volume, "cannot create it", e);
        }
    }

    /** Mounts a new disk image and removes lost+found, which makes initdb and friends see a non-empty dir. */
    private static void mountFresh(VolumePaths paths) {
        DiskImage.open(paths.diskImage()).mount(paths.data());
        try {
            Files.deleteIfExists(paths.data().resolve("lost+found"));
        } catch (IOException e) {
            throw new DiskImageException("cannot remove lost+found from " + paths.data() + ": " + e, e);
        }
    }

    /**
     * Unmounts the volume's own mount and frees the loop device. Other mounts of the image (a
     * container's bind mount of _data, say) mean the volume is in use, and are left alone.
     */
    private static void release(VolumeName volume, DiskImage image, Path data) {
        try {
            image.unmount(data);
            List<Path> elsewhere = image.mountPoints();
            if (!elsewhere.isEmpty()) {
                throw new VolumeException(Reason.IN_USE, "volume " + volume + " is in use: it is still mounted at "
                        + elsewhere);
            }
            image.detach();
        } catch (DiskImageException e) {
            boolean busy = e.getCause() instanceof SyscallException s && s.is(Errno.EBUSY);
            throw new VolumeException(busy ? Reason.IN_USE : Reason.FAILED, "volume " + volume + ": " + e.getMessage(),
                    e);
        }
    }

    private VolumeFile read(VolumeName volume) {
        Path metadata = pathsOf(volume).metadata();
        try {
            return VolumeFile.read(metadata);
        } catch (NoSuchFileException e) {
            throw notFound(volume);
        } catch (IOException e) {
            throw failed(volume, "cannot read " + metadata, e);
        }
    }

    private DiskImage image(VolumeName volume) {
        try {
            return DiskImage.open(pathsOf(volume).diskImage());
        } catch (DiskImageException e) {
            throw failed(volume, "its disk image is missing", e);
        }
    }

    private VolumePaths pathsOf(VolumeName volume) {
        return new VolumePaths(volumes.resolve(volume.value()));
    }

    private static VolumeName validName(String name) {
        try {
            return new VolumeName(name);
        } catch (IllegalArgumentException e) {
            throw new VolumeException(Reason.INVALID, e.getMessage(), e);
        }
    }

    private static void deleteStaging(VolumePaths staging, Exception cause) {
        try {
            DirectoryTree.delete(staging.dir());
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static VolumeException notFound(VolumeName volume) {
        return new VolumeException(Reason.NOT_FOUND, "no such volume: " + volume);
    }

    private static VolumeException failed(VolumeName volume, String what, Exception cause) {
        if (cause instanceof VolumeException v) {
            return v;
        }
        return new VolumeException(Reason.FAILED, "volume " + volume + ": " + what + ": " + cause.getMessage(), cause);
    }
}
