package io.berth.storage.snapshot;

import io.berth.storage.DirectoryTree;
import io.berth.storage.volume.DiskUsage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Snapshots for overlayfs, kept entirely on the filesystem so that a crash can only leave a
 * staging directory behind, never a half-made snapshot:
 * <pre>
 * ROOT/committed/NAME/fs       a layer's files (a lowerdir); NAME is the layer's chain ID
 * ROOT/committed/NAME/parent   the parent snapshot's NAME (absent for a chain's base)
 * ROOT/active/NAME/fs          a container's writable layer (the upperdir)
 * ROOT/active/NAME/work        overlayfs' workdir
 * ROOT/active/NAME/parent
 * ROOT/staging/RANDOM/         a layer being unpacked or a snapshot being made
 *
 * a size-capped active snapshot (createActive with a size limit):
 * ROOT/disks/NAME/disk.img     a sparse ext4 image of the cap's size
 * ROOT/disks/NAME/parent       a copy of the parent's NAME, readable without mounting
 * ROOT/active/NAME/            the image's mount point; fs, work and parent are inside the ext4
 * </pre>
 * A snapshot appears by renaming a complete directory out of staging, which is atomic; two
 * processes committing the same chain ID race harmlessly, the loser discards its copy. A capped
 * snapshot's directory cannot be renamed once mounted (EBUSY), so it is its complete disk
 * directory that is renamed into place; see {@link CappedSnapshots}.
 */
public final class OverlaySnapshotter {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");

    private final Path root;
    private final CappedSnapshots capped;

    public OverlaySnapshotter(Path root) {
        this.root = root;
        this.capped = new CappedSnapshots(root);
    }

    public Path root() {
        return root;
    }

    /** A fresh staging directory with an empty {@code fs} inside, to unpack a layer into. */
    public Staging stage() throws IOException {
        Path dir = root.resolve("staging").resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir.resolve("fs"));
        return new Staging(dir);
    }

    /** Throws a staging directory away, after a failed unpack. */
    public void abort(Staging staging) throws IOException {
        DirectoryTree.delete(staging.dir());
    }

    /**
     * Makes a staged layer the committed snapshot NAME on top of PARENT. If NAME exists already
     * (another pull got there first) the staged copy is discarded and the existing one returned.
     */
    public Snapshot commit(Staging staging, String name, Optional<String> parent) throws IOException {
        checkName(name);
        if (parent.isPresent()) {
            requireCommitted(parent.get());
        }
        if (parent.isPresent()) {
            Files.writeString(staging.dir().resolve("parent"), parent.get());
        }
        Path target = committedDir(name);
        Files.createDirectories(target.getParent());
        try {
            Files.move(staging.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("staging and committed snapshots must be on one filesystem: " + root, e);
        } catch (FileSystemException e) {
            // rename(2) onto a non-empty directory fails with ENOTEMPTY: someone committed it first
            if (!Files.isDirectory(target.resolve("fs"))) {
                throw e;
            }
            DirectoryTree.delete(staging.dir());
        }
        return committed(name).orElseThrow();
    }

    public Optional<Snapshot> committed(String name) throws IOException {
        checkName(name);
        return read(Snapshot.Kind.COMMITTED, committedDir(name));
    }

    public Optional<Snapshot> active(String name) throws IOException {
        checkName(name);
        return readActive(name);
    }

    /** A new writable snapshot on top of a committed one (or empty, with no parent). */
    public Snapshot createActive(String name, Optional<String> parent) throws IOException {
        return createActive(name, parent, OptionalLong.empty());
    }

    /**
     * A new writable snapshot on top of a committed one (or empty, with no parent). With a size
     * limit its writable layer is an ext4 disk image of that size, mounted at its directory: writes
     * past the limit fail with ENOSPC. A failure leaves nothing behind.
     */
    public Snapshot createActive(String name, Optional<String> parent, OptionalLong sizeLimit) throws IOException {
        checkName(name);
        if (parent.isPresent()) {
            requireCommitted(parent.get());
        }
        if (capped.isCapped(name) || Files.isDirectory(activeDir(name).resolve("fs"))) {
            throw new SnapshotException("snapshot \"" + name + "\" already exists");
        }
        if (sizeLimit.isPresent()) {
            capped.create(name, parent, sizeLimit.getAsLong());
            return active(name).orElseThrow();
        }
        Staging staging = stage();
        try {
            Files.createDirectories(staging.dir().resolve("work"));
            if (parent.isPresent()) {
                Files.writeString(staging.dir().resolve("parent"), parent.get());
            }
            Files.createDirectories(activeDir(name).getParent());
            Files.move(staging.dir(), activeDir(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException raced) {
            abort(staging);
            if (!Files.exists(activeDir(name))) {
                throw raced;
            }
            throw new SnapshotException("snapshot \"" + name + "\" already exists");
        } catch (IOException | RuntimeException e) {
            abort(staging);
            throw e;
        }
        return active(name).orElseThrow();
    }

    /**
     * The mounts that present an active snapshot as a root filesystem: an overlay of its chain, or
     * a bind mount of its own directory when it has no parent.
     */
    public List<StorageMount> mounts(String activeName) throws IOException {
        Snapshot active = requireActive(activeName);
        if (capped.isCapped(activeName)) {
            capped.ensureMounted(activeName);
        }
        if (active.parent().isEmpty()) {
            return List.of(new StorageMount("bind", active.fs().toString(), List.of("rbind", "rw")));
        }
        List<String> lowers = new ArrayList<>();
        for (Snapshot s : chain(active.parent().get())) {
            lowers.add(s.fs().toString());
        }
        // redirect_dir and metacopy may be on by the kernel's config or module options; off, every
        // change is whole in the upper dir, which is what SnapshotDiff writes as a layer
        return List.of(new StorageMount("overlay", "overlay", List.of(
                "index=off",
                "redirect_dir=off",
                "metacopy=off",
                "lowerdir=" + String.join(":", lowers),
                "upperdir=" + active.fs(),
                "workdir=" + active.dir().resolve("work"))));
    }

    /** An active snapshot's writable layer (overlayfs' upper dir), its disk mounted first if it is capped. */
    Path upperDir(String activeName) throws IOException {
        Snapshot active = requireActive(activeName);
        if (capped.isCapped(activeName)) {
            capped.ensureMounted(activeName);
        }
        return active.fs();
    }

    /** A committed snapshot and its ancestors, top first (overlayfs' lowerdir order). */
    public List<Snapshot> chain(String name) throws IOException {
        List<Snapshot> chain = new ArrayList<>();
        Optional<String> next = Optional.of(name);
        while (next.isPresent()) {
            Snapshot s = requireCommitted(next.get());
            chain.add(s);
            next = s.parent();
            if (chain.size() > 1000) {
                throw new SnapshotException("snapshot chain of \"" + name + "\" loops or is over 1000 layers long");
            }
        }
        return chain;
    }

    /** Every snapshot; capped ones are listed whether their disk is mounted or not, without mounting it. */
    public List<Snapshot> list() throws IOException {
        List<Snapshot> all = new ArrayList<>();
        listInto(Snapshot.Kind.COMMITTED, root.resolve("committed"), all);
        Set<String> activeNames = new LinkedHashSet<>(entryNames(root.resolve("active")));
        activeNames.addAll(capped.names());
        for (String name : activeNames) {
            readActive(name).ifPresent(all::add);
        }
        return all;
    }

    /**
     * Removes an active snapshot; it must not be mounted anymore. A capped one's disk is unmounted,
     * its loop device freed and its image deleted; refused while its overlay or any other mount
     * still uses the disk.
     */
    public void removeActive(String name) throws IOException {
        Snapshot s = requireActive(name);
        if (capped.isCapped(name)) {
            capped.remove(name);
        } else {
            removeDir(s.dir());
        }
    }

    /** The size limit of an active snapshot; empty when it has none. */
    public OptionalLong sizeLimit(String name) throws IOException {
        requireActive(name);
        return capped.isCapped(name) ? OptionalLong.of(capped.sizeLimit(name)) : OptionalLong.empty();
    }

    /** df for a capped active snapshot's disk (mounting it if need be); empty when it has no limit. */
    public Optional<DiskUsage> capUsage(String name) throws IOException {
        requireActive(name);
        return capped.isCapped(name) ? Optional.of(capped.usage(name)) : Optional.empty();
    }

    /**
     * Raises a capped active snapshot's size limit; its files stay. Growing is online where the
     * process has CAP_SYS_RESOURCE; without it the disk must be unmounted for a moment, which is
     * refused while the snapshot is mounted or otherwise in use. Shrinking is refused.
     */
    public void resizeActive(String name, long newSizeLimit) throws IOException {
        requireActive(name);
        if (!capped.isCapped(name)) {
            throw new SnapshotException("snapshot \"" + name + "\" has no size limit: only snapshots created with one"
                    + " can be resized");
        }
        capped.grow(name, newSizeLimit);
    }

    /** Removes a committed snapshot that no other snapshot is built on. */
    public void removeCommitted(String name) throws IOException {
        Snapshot s = requireCommitted(name);
        for (Snapshot other : list()) {
            if (other.parent().equals(Optional.of(name))) {
                throw new SnapshotException("snapshot \"" + name + "\" is in use by " + other.kind().name().toLowerCase()
                        + " snapshot \"" + other.name() + "\"");
            }
        }
        removeDir(s.dir());
    }

    /** Bytes of file content a snapshot holds by itself (not its parents). */
    public long usage(Snapshot snapshot) throws IOException {
        if (snapshot.kind() == Snapshot.Kind.ACTIVE && capped.isCapped(snapshot.name())) {
            capped.ensureMounted(snapshot.name());
        }
        return DirectoryTree.apparentSize(snapshot.fs());
    }

    /**
     * Removes what an interrupted process left in staging, unmounting a capped snapshot's disk
     * that was being filled there. Only safe when nothing is unpacking or creating snapshots.
     */
    public void cleanStaging() throws IOException {
        Path staging = root.resolve("staging");
        if (Files.isDirectory(staging)) {
            StagingMounts.detachAll(staging);
        }
        DirectoryTree.delete(staging);
    }

    private void removeDir(Path dir) throws IOException {
        // move it out of sight first, so a crash mid-delete leaves staging debris, not a broken snapshot
        Path doomed = root.resolve("staging").resolve("removing-" + UUID.randomUUID());
        Files.createDirectories(doomed.getParent());
        Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        DirectoryTree.delete(doomed);
    }

    private Snapshot requireActive(String name) throws IOException {
        return active(name).orElseThrow(() -> new SnapshotException("no active snapshot \"" + name + "\""));
    }

    private Optional<Snapshot> readActive(String name) throws IOException {
        if (capped.isCapped(name)) {
            return Optional.of(new Snapshot(Snapshot.Kind.ACTIVE, name, capped.parent(name), activeDir(name)));
        }
        return read(Snapshot.Kind.ACTIVE, activeDir(name));
    }

    private static List<String> entryNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                entries.forEach(e -> names.add(e.getFileName().toString()));
            }
        }
        return names;
    }

    private Snapshot requireCommitted(String name) throws IOException {
        return committed(name).orElseThrow(() -> new SnapshotException("no committed snapshot \"" + name + "\""));
    }

    private void listInto(Snapshot.Kind kind, Path dir, List<Snapshot> into) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                read(kind, entry).ifPresent(into::add);
            }
        }
    }

    private Optional<Snapshot> read(Snapshot.Kind kind, Path dir) throws IOException {
        if (!Files.isDirectory(dir.resolve("fs"))) {
            return Optional.empty();
        }
        Path parentFile = dir.resolve("parent");
        Optional<String> parent = Files.exists(parentFile)
                ? Optional.of(Files.readString(parentFile).strip())
                : Optional.empty();
        return Optional.of(new Snapshot(kind, dir.getFileName().toString(), parent, dir));
    }

    private Path committedDir(String name) {
        return root.resolve("committed").resolve(name);
    }

    private Path activeDir(String name) {
        return root.resolve("active").resolve(name);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SnapshotException("invalid snapshot name \"" + name + "\": want letters, digits, '_', '.', '-'");
        }
    }
}
