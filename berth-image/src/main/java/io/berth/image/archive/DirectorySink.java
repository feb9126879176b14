package io.berth.image.archive;

import io.berth.storage.DirectoryTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A layout written as a directory: into a hidden sibling first, renamed into place by
 * {@link #finish}, so a failed save leaves neither a partial layout nor a changed target.
 */
final class DirectorySink implements LayoutSink {
    private final Path target;
    private final Path work;
    private boolean finished;

    private DirectorySink(Path target, Path work) {
        this.target = target;
        this.work = work;
    }

    /** A sink for {@code target}, which must not exist or be an empty directory. */
    static DirectorySink create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute) && !isEmptyDirectory(absolute)) {
            throw new IOException(absolute + " exists and is not an empty directory");
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        return new DirectorySink(absolute, Files.createTempDirectory(parent, "." + absolute.getFileName() + ".saving-"));
    }

    @Override
    public void directory(String name) throws IOException {
        Files.createDirectories(work.resolve(name));
    }

    @Override
    public void file(String name, byte[] data) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
    }

    @Override
    public void blob(String name, long size, BlobContent content) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        long copied;
        try (InputStream in = content.open(); OutputStream out = Files.newOutputStream(file)) {
            copied = in.transferTo(out);
        }
        if (copied != size) {
            throw new IOException(name + " is " + copied + " bytes, not the " + size + " it was measured at");
        }
    }

    @Override
    public void finish() throws IOException {
        // a temporary directory is private (0700); the layout is for others to read too
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            DirectoryTree.delete(work);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
