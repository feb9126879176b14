package io.berth.storage.layer;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.FileMetadata;
import io.berth.linux.FileStatus;
import io.berth.linux.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a directory tree as a tar stream, faithfully: every type but sockets (which tar cannot
 * hold), permission bits with setuid, setgid and sticky, numeric owners, mtimes (whole seconds,
 * as docker writes them), extended attributes byte for byte, hardlinks as links to the first
 * name, device numbers; symlinks are stored, never followed. The tree is walked through directory
 * fds opened with O_NOFOLLOW, so a symlink swapped in while the walk runs (a live container's
 * rootfs) cannot lead it out of the tree. Members come in name order, each directory's entries
 * right after it, so the same tree always gives the same bytes. A tree is taken to be one
 * filesystem: hardlinks are told apart by inode number alone.
 *
 * <p>Two forms: {@link #write} a tree as it is ({@code docker export}), {@link #writeDiff} an
 * overlayfs upper directory as the OCI layer of its changes ({@code docker commit}).
 */
public final class TreeTar {
    private static final int DIRECTORY_FLAGS = FileCalls.O_RDONLY | FileCalls.O_DIRECTORY | FileCalls.O_NOFOLLOW
            | FileCalls.O_CLOEXEC;
    // the root is the caller's path and may be reached through a symlink; nothing below it is
    private static final int ROOT_FLAGS = FileCalls.O_RDONLY | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC;
    // Java decodes directory listings with sun.jnu.encoding, ASCII in a C locale; a name it cannot
    // decode comes back with '?' or U+FFFD in it and cannot be found again by that name
    private static final boolean UTF8_NAMES = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
    private static final int FILE_FLAGS = FileCalls.O_RDONLY | FileCalls.O_NOFOLLOW | FileCalls.O_NONBLOCK
            | FileCalls.O_CLOEXEC;

    private final TreeTarEntries entries;
    private final boolean layerDiff;
    private final Map<Long, String> firstNameOfInode = new HashMap<>();

    private TreeTar(TarArchiveOutputStream tar, boolean layerDiff) {
        this.entries = new TreeTarEntries(tar);
        this.layerDiff = layerDiff;
    }

    /**
     * Writes {@code root} and everything below it to {@code out}, ending the tar; {@code out}
     * stays open. Members are "./" for the root, then names relative to it. overlayfs's
     * bookkeeping xattrs are left out; 0/0 device whiteouts and opaque markers stay as they are on disk.
     */
    public static void write(Path root, OutputStream out) throws IOException {
        write(root, out, false);
    }

    /**
     * Writes the overlayfs upper directory {@code upperDir} as an OCI layer to {@code out}, ending
     * the tar; {@code out} stays open. Whiteouts (0/0 character devices, or empty files with
     * trusted.overlay.whiteout) become {@code .wh.NAME} members, an opaque directory
     * (trusted.overlay.opaque=y) its own member followed by {@code DIR/.wh..wh..opq}, and no
     * overlayfs xattr is copied. The root itself is left out (its metadata is the snapshot's,
     * not a change), so an unchanged upper dir gives an empty tar: 1024 zero bytes.
     *
     * @throws IOException naming the entry when the upper dir holds what a layer cannot say: a
     *                     name starting with ".wh.", or an overlayfs redirect or metacopy (made
     *                     by a mount with redirect_dir or metacopy on, whose upper dir alone does
     *                     not hold the change)
     */
    public static void writeDiff(Path upperDir, OutputStream out) throws IOException {
        write(upperDir, out, true);
    }

    private static void write(Path root, OutputStream out, boolean layerDiff) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        TreeTar writer = new TreeTar(tar, layerDiff);
        try (Fd dir = FileCalls.open(root.toString(), ROOT_FLAGS, 0)) {
            if (!layerDiff) {
                FileStatus status = FileMetadata.statAt(dir, ".");
                writer.entries.directory("./", status, TreeXattrs.forExport(TreeXattrs.read(dir.procPath())));
            }
            writer.walk(dir, "");
        } catch (SyscallException e) {
            throw new IOException((layerDiff ? "writing the layer of " : "exporting ") + root + ": " + e.getMessage(), e);
        }
        tar.finish();
        out.flush(); // the tar stream's own flush does not reach out (it writes through a channel)
    }

    private void walk(Fd dir, String prefix) throws IOException {
        for (String name : sortedNames(dir)) {
            Optional<FileStatus> found = FileMetadata.statAtIfExists(dir, name);
            if (found.isEmpty()) {
                requireDecodable(name, prefix);
                continue; // removed while the walk ran
            }
            FileStatus status = found.get();
            if (status.type() == FileStatus.S_IFSOCK) {
                continue;
            }
            String member = prefix + name;
            String procPath = dir.procPath() + "/" + name;
            Map<String, byte[]> xattrs = TreeXattrs.read(procPath);
            if (layerDiff) {
                requireExpressible(member, name, xattrs);
                if (OverlayFormat.isWhiteout(status, xattrs)) {
                    entries.whiteout(prefix + OciWhiteout.PREFIX + name, status);
                    continue; // the kernel links whiteouts to one shared inode: never a hardlink
                }
            }
            Map<String, byte[]> kept = layerDiff ? TreeXattrs.forLayer(xattrs) : TreeXattrs.forExport(xattrs);
            if (status.isDirectory()) {
                entries.directory(member + "/", status, kept);
                if (layerDiff && OverlayFormat.isOpaque(xattrs)) {
                    entries.whiteout(member + "/" + OciWhiteout.OPAQUE, status);
                }
                try (Fd child = FileCalls.openAt(dir, name, DIRECTORY_FLAGS, 0)) {
                    walk(child, member + "/");
                }
            } else if (status.links() > 1 && firstNameOfInode.containsKey(status.inode())) {
                entries.hardlink(member, firstNameOfInode.get(status.inode()), status);
            } else {
                if (status.links() > 1) {
                    firstNameOfInode.put(status.inode(), member);
                }
                nonDirectory(dir, name, member, status, procPath, kept);
            }
        }
    }

    private void nonDirectory(Fd dir, String name, String member, FileStatus status, String procPath,
            Map<String, byte[]> xattrs) throws IOException {
        if (status.isRegularFile()) {
            try (Fd file = FileCalls.openAt(dir, name, FILE_FLAGS, 0);
                    InputStream data = Files.newInputStream(Path.of(file.procPath()))) {
                entries.regularFile(member, status, xattrs, data);
            }
        } else if (status.isSymlink()) {
            entries.symlink(member, FileCalls.readlink(procPath), status, xattrs);
        } else {
            entries.node(member, status, xattrs);
        }
    }

    private static void requireExpressible(String member, String name, Map<String, byte[]> xattrs) throws IOException {
        if (name.startsWith(OciWhiteout.PREFIX)) {
            throw new IOException("cannot write \"" + member + "\" into a layer: names starting with \""
                    + OciWhiteout.PREFIX + "\" are whiteouts in OCI layers");
        }
        for (String xattr : List.of(OverlayFormat.REDIRECT_XATTR, OverlayFormat.METACOPY_XATTR)) {
            if (xattrs.containsKey(xattr)) {
                throw new IOException("cannot write \"" + member + "\" into a layer: it has overlayfs's " + xattr
                        + ", so its content is in a lower layer (was the overlay mounted with redirect_dir or metacopy on?)");
            }
        }
    }

    private static void requireDecodable(String name, String prefix) throws IOException {
        if (name.indexOf('\uFFFD') >= 0 || (!UTF8_NAMES && name.indexOf('?') >= 0)) {
            throw new IOException("cannot archive \"" + prefix + name + "\": this JVM cannot decode the name"
                    + " (sun.jnu.encoding is " + System.getProperty("sun.jnu.encoding")
                    + "; run it with a UTF-8 locale, e.g. LANG=C.UTF-8)");
        }
    }

    private static List<String> sortedNames(Fd dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(Path.of(dir.procPath()))) {
            for (Path entry : listing) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }
}
