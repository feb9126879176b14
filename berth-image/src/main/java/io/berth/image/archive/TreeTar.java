package io.berth.image.archive;

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
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a directory tree (a mounted rootfs, a snapshot) as a tar stream, as docker export and
 * layer diffs need it: every type but sockets (which tar cannot hold), permission bits with
 * setuid, setgid and sticky, numeric owners, mtimes (whole seconds, as docker writes them),
 * extended attributes, hardlinks as links to the first name, device numbers; symlinks are stored,
 * never followed. The tree is walked through directory fds opened with O_NOFOLLOW, so a symlink
 * swapped in while the walk runs (a live container's rootfs) cannot lead it out of the tree.
 * Members are "./" for the root, then names relative to it, each directory's in name order.
 *
 * <p>overlayfs's own xattrs (trusted.overlay.*, user.overlay.*) are left out, except the opaque
 * marker: they describe one overlay mount and unpackers refuse them; the opaque marker is how a
 * snapshot says what a layer's {@code .wh..wh..opq} said. Whiteouts (0/0 character devices) are
 * written as the devices they are. A tree is taken to be one filesystem: hardlinks are told apart
 * by inode number alone.
 */
public final class TreeTar {
    private static final int DIRECTORY_FLAGS = FileCalls.O_RDONLY | FileCalls.O_DIRECTORY | FileCalls.O_NOFOLLOW
            | FileCalls.O_CLOEXEC;
    private static final int FILE_FLAGS = FileCalls.O_RDONLY | FileCalls.O_NOFOLLOW | FileCalls.O_NONBLOCK
            | FileCalls.O_CLOEXEC;

    private final TreeTarEntries entries;
    private final Map<Long, String> firstNameOfInode = new HashMap<>();

    private TreeTar(TarArchiveOutputStream tar) {
        this.entries = new TreeTarEntries(tar);
    }

    /** Writes {@code root} and everything below it to {@code out}, ending the tar; {@code out} stays open. */
    public static void write(Path root, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        TreeTar writer = new TreeTar(tar);
        try (Fd dir = FileCalls.open(root.toString(), DIRECTORY_FLAGS, 0)) {
            FileStatus status = FileMetadata.statAt(dir, ".");
            writer.entries.directory("./", status, dir.procPath());
            writer.walk(dir, "");
        } catch (SyscallException e) {
            throw new IOException("exporting " + root + ": " + e.getMessage(), e);
        }
        tar.finish();
        tar.flush();
    }

    private void walk(Fd dir, String prefix) throws IOException {
        for (String name : sortedNames(dir)) {
            FileStatus status = FileMetadata.statAtIfExists(dir, name).orElse(null);
            if (status == null) {
                continue; // removed while the walk ran
            }
            String member = prefix + name;
            String procPath = dir.procPath() + "/" + name;
            if (status.isDirectory()) {
                entries.directory(member + "/", status, procPath);
                try (Fd child = FileCalls.openAt(dir, name, DIRECTORY_FLAGS, 0)) {
                    walk(child, member + "/");
                }
            } else if (status.type() == FileStatus.S_IFSOCK) {
                continue;
            } else if (status.links() > 1 && firstNameOfInode.containsKey(status.inode())) {
                entries.hardlink(member, firstNameOfInode.get(status.inode()), status);
            } else {
                if (status.links() > 1) {
                    firstNameOfInode.put(status.inode(), member);
                }
                nonDirectory(dir, name, member, status, procPath);
            }
        }
    }

    private void nonDirectory(Fd dir, String name, String member, FileStatus status, String procPath) throws IOException {
        if (status.isRegularFile()) {
            try (Fd file = FileCalls.openAt(dir, name, FILE_FLAGS, 0);
                    InputStream data = Files.newInputStream(Path.of(file.procPath()))) {
                entries.regularFile(member, status, procPath, data);
            }
        } else if (status.isSymlink()) {
            entries.symlink(member, FileCalls.readlink(procPath), status, procPath);
        } else {
            entries.node(member, status, procPath);
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
