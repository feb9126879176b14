package io.berth.storage.layer;

import io.berth.linux.DeviceNumbers;
import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FdWriter;
import io.berth.linux.FileCalls;
import io.berth.linux.FileMetadata;
import io.berth.linux.FileStatus;
import io.berth.linux.Links;
import io.berth.linux.SyscallException;
import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.IOException;

/**
 * Applies tar entries, in archive order, to a {@link LayerTree} in overlayfs's format. A later
 * entry replaces an earlier one of the same name; a directory over a directory only updates its
 * metadata. Entries are made by trying the create first and looking only when it fails, so the
 * common case costs one syscall to create.
 */
final class EntryApplier {
    private static final int CREATE_FILE = FileCalls.O_WRONLY | FileCalls.O_CREAT | FileCalls.O_EXCL
            | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC;

    /** What was at an entry's name before it. */
    private enum Previous { NOTHING, DIRECTORY_KEPT, REPLACED, WHITEOUT_REPLACED }

    private final LayerTree tree;
    private final SpaceGuard space;
    private final FdWriter writer;
    private final DirectoryTimes directoryTimes = new DirectoryTimes();

    EntryApplier(LayerTree tree, SpaceGuard space, FdWriter writer) {
        this.tree = tree;
        this.space = space;
        this.writer = writer;
    }

    /** Applies {@code e}, reading its data from {@code reader}. */
    void apply(TarEntry e, TarReader reader) throws IOException {
        LayerPath path = LayerPath.ofEntry(e.name());
        try {
            OciWhiteout whiteout = OciWhiteout.of(path, e.name());
            if (whiteout != null) {
                applyWhiteout(e, path, whiteout);
                return;
            }
            if (path.isRoot() && e.type() != TarEntryType.DIRECTORY) {
                throw LayerRejectedException.entry(e.name(), Reason.MALFORMED, "names the layer root but is a "
                        + e.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
            switch (e.type()) {
                case REGULAR -> regularFile(e, path, reader);
                case DIRECTORY -> directory(e, path);
                case SYMLINK -> symlink(e, path);
                case HARDLINK -> hardlink(e, path);
                case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> node(e, path);
            }
        } catch (SyscallException ex) {
            throw new IOException("layer entry " + EntryNames.quote(e.name()) + ": " + ex.getMessage(), ex);
        } finally {
            tree.endEntry();
        }
    }

    /** Sets the directory times held back while the directories were filled. */
    void finish() throws IOException {
        try {
            directoryTimes.apply(tree);
        } catch (SyscallException ex) {
            throw new IOException("setting directory times: " + ex.getMessage(), ex);
        }
    }

    private void regularFile(TarEntry e, LayerPath path, TarReader reader) throws IOException {
        space.reserveFile(e.name(), e.size());
        Fd dir = tree.directory(path.parentPath(), e.name());
        try (Fd file = createFile(dir, path)) {
            reader.transferData((data, offset, length) -> writer.write(file, data, offset, length));
            EntryMetadata.apply(file, e);
        }
    }

    private Fd createFile(Fd dir, LayerPath path) throws IOException {
        try {
            return FileCalls.openAt(dir, path.name(), CREATE_FILE, 0600);
        } catch (SyscallException ex) {
            if (!ex.is(Errno.EEXIST)) {
                throw ex;
            }
            clear(dir, path, false);
            return FileCalls.openAt(dir, path.name(), CREATE_FILE, 0600);
        }
    }

    private void directory(TarEntry e, LayerPath path) throws IOException {
        space.reserveInode(e.name());
        Fd dir = tree.directory(path.parentPath(), e.name());
        if (!path.isRoot() && !FileCalls.mkdirAt(dir, path.name(), 0700)) {
            Previous previous = clear(dir, path, true);
            if (previous != Previous.DIRECTORY_KEPT) {
                FileCalls.mkdirAt(dir, path.name(), 0700);
            }
            if (previous == Previous.WHITEOUT_REPLACED) {
                OverlayFormat.markOpaque(dir, path.name()); // what the whiteout deleted stays deleted
            }
        }
        EntryMetadata.applyAt(dir, path.name(), e);
        directoryTimes.record(path, e.atime(), e.mtime());
    }

    private void symlink(TarEntry e, LayerPath path) throws IOException {
        space.reserveInode(e.name());
        Fd dir = tree.directory(path.parentPath(), e.name());
        try {
            FileCalls.symlinkAt(e.linkName(), dir, path.name());
        } catch (SyscallException ex) {
            if (!ex.is(Errno.EEXIST)) {
                throw ex;
            }
            clear(dir, path, false);
            FileCalls.symlinkAt(e.linkName(), dir, path.name());
        }
        EntryMetadata.applyAt(dir, path.name(), e);
    }

    /**
     * Links to an entry made earlier in this layer, found without following symlinks; a
     * symlink target is linked itself. Metadata stays the target's, as GNU tar leaves it.
     */
    private void hardlink(TarEntry e, LayerPath path) throws IOException {
        LayerPath target = LayerPath.ofLinkTarget(e.name(), e.linkName());
        if (target.isWithin(path)) {
            throw LayerRejectedException.entry(e.name(), Reason.MALFORMED, "hardlink to itself or to an entry inside it");
        }
        space.reserveInode(e.name());
        Fd targetDir = tree.existingDirectory(target.parentPath(), e.name());
        FileStatus targetStatus = targetDir == null ? null : tree.status(targetDir, target.name());
        if (targetStatus == null) {
            throw LayerRejectedException.entry(e.name(), Reason.MALFORMED, "hardlink target "
                    + EntryNames.quote(e.linkName()) + " is not in the layer (it must come earlier in the same layer)");
        }
        if (targetStatus.isDirectory()) {
            throw LayerRejectedException.entry(e.name(), Reason.MALFORMED,
                    "hardlink target " + EntryNames.quote(e.linkName()) + " is a directory");
        }
        Fd dir = tree.directory(path.parentPath(), e.name());
        try {
            Links.linkAt(targetDir, target.name(), dir, path.name(), 0);
        } catch (SyscallException ex) {
            if (!ex.is(Errno.EEXIST)) {
                throw ex;
            }
            clear(dir, path, false);
            Links.linkAt(targetDir, target.name(), dir, path.name(), 0);
        }
    }

    private void node(TarEntry e, LayerPath path) throws IOException {
        space.reserveInode(e.name());
        Fd dir = tree.directory(path.parentPath(), e.name());
        int type = switch (e.type()) {
            case CHAR_DEVICE -> FileStatus.S_IFCHR;
            case BLOCK_DEVICE -> FileStatus.S_IFBLK;
            default -> FileStatus.S_IFIFO;
        };
        long device = e.type() == TarEntryType.FIFO ? 0 : DeviceNumbers.makedev(e.devMajor(), e.devMinor());
        try {
            FileCalls.mknodAt(dir, path.name(), type | 0600, device);
        } catch (SyscallException ex) {
            if (!ex.is(Errno.EEXIST)) {
                throw ex;
            }
            clear(dir, path, false);
            FileCalls.mknodAt(dir, path.name(), type | 0600, device);
        }
        EntryMetadata.applyAt(dir, path.name(), e);
    }

    private void applyWhiteout(TarEntry e, LayerPath path, OciWhiteout whiteout) throws IOException {
        switch (whiteout) {
            case OciWhiteout.Removal removal -> {
                space.reserveInode(e.name());
                Fd dir = tree.directory(path.parentPath(), e.name());
                FileStatus existing = tree.status(dir, removal.name());
                if (existing == null) {
                    OverlayFormat.makeWhiteout(dir, removal.name());
                    FileMetadata.chownAt(dir, removal.name(), e.uid(), e.gid());
                } else if (existing.isDirectory()) {
                    // the spec deletes only lower content; this layer's own directory stays, alone
                    OverlayFormat.markOpaque(dir, removal.name());
                }
                // a non-directory this layer made already hides the lower entry
            }
            case OciWhiteout.Opaque opaque -> {
                LayerPath dir = path.parentPath();
                tree.directory(dir, e.name()); // made if the layer has not listed it yet
                OverlayFormat.markOpaque(tree.directory(dir.parentPath(), e.name()), dir.name());
            }
            case OciWhiteout.AufsMetadata aufs -> { }
        }
    }

    /** Makes room at {@code path} for a new entry; a directory stays when the new entry is one too. */
    private Previous clear(Fd dir, LayerPath path, boolean replacementIsDirectory) throws IOException {
        FileStatus existing = tree.status(dir, path.name());
        if (existing == null) {
            return Previous.NOTHING;
        }
        if (existing.isDirectory()) {
            if (replacementIsDirectory) {
                return Previous.DIRECTORY_KEPT;
            }
            directoryTimes.forgetWithin(path);
        }
        tree.remove(dir, path, existing);
        return OverlayFormat.isWhiteout(existing) ? Previous.WHITEOUT_REPLACED : Previous.REPLACED;
    }
}
