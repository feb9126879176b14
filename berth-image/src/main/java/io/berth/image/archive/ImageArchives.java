package io.berth.image.archive;

import io.berth.image.ImageService;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Images in and out of files: load (docker-archive, oci-archive, OCI layout directories), save,
 * and import of a rootfs tarball. Loads and imports hold the store's shared lock from the first
 * blob to the recorded image, so garbage collection in another process cannot take what they add;
 * members that are not named by digest wait in {@code ROOT/tmp} meanwhile.
 */
public final class ImageArchives {
    private final ImageService images;

    public ImageArchives(ImageService images) {
        this.images = images;
    }

    /** Loads every image of a tar archive (plain, gzip'ed or zstd'ed) read from {@code archive} to its end. */
    public List<LoadedImage> load(InputStream archive, LoadOptions options) throws IOException {
        return images.withStoreShared(() -> {
            try (TarArchiveSource source = TarArchiveSource.read(archive, images.content(), scratch())) {
                return loader().load(source, options);
            }
        });
    }

    /** Loads an archive file, or an OCI image layout if {@code path} is a directory. */
    public List<LoadedImage> load(Path path, LoadOptions options) throws IOException {
        if (!Files.exists(path)) {
            throw new ArchiveException("open " + path + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            return images.withStoreShared(() -> {
                try (LayoutDirectorySource source = new LayoutDirectorySource(path, images.content())) {
                    return loader().load(source, options);
                }
            });
        }
        try (InputStream in = Files.newInputStream(path)) {
            return load(in, options);
        }
    }

    /** Writes the named images to {@code out} as a tar of {@code format} (not {@link ArchiveFormat#OCI_LAYOUT}). */
    public void save(List<String> names, ArchiveFormat format, OutputStream out) throws IOException {
        if (!format.isStream()) {
            throw new IllegalArgumentException(format + " is a directory; give an output path");
        }
        images.withStoreShared(() -> {
            List<SavedImage> saved = SaveSelection.resolve(images, names);
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            try (TarSink sink = new TarSink(buffered)) {
                write(saved, format, sink);
            }
            buffered.flush();
            return null;
        });
    }

    /**
     * Writes the named images to {@code target}: a file for the tar formats, a directory for
     * {@link ArchiveFormat#OCI_LAYOUT}. Either appears only when complete.
     */
    public void save(List<String> names, ArchiveFormat format, Path target) throws IOException {
        if (!format.isStream()) {
            images.withStoreShared(() -> {
                List<SavedImage> saved = SaveSelection.resolve(images, names);
                try (DirectorySink sink = DirectorySink.create(target)) {
                    write(saved, format, sink);
                }
                return null;
            });
            return;
        }
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IOException(absolute + " is a directory; " + format + " is written to a file");
        }
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
            // a device, a fifo or a symlink (-o /dev/stdout): write through it, never rename over it
            try (OutputStream out = Files.newOutputStream(absolute)) {
                save(names, format, out);
            }
            return;
        }
        Path partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".saving");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                save(names, format, out);
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** docker import: makes a one-layer image of a rootfs tarball (plain, gzip or zstd) read to its end. */
    public LoadedImage importRootfs(InputStream rootfs, ImportOptions options) throws IOException {
        return images.withStoreShared(() -> new RootfsImporter(images.content(), installer(), scratch())
                .importRootfs(rootfs, options));
    }

    private void write(List<SavedImage> saved, ArchiveFormat format, LayoutSink sink) throws IOException {
        switch (format) {
            case DOCKER_ARCHIVE -> new DockerArchiveWriter(images.content()).write(saved, sink);
            case OCI_ARCHIVE, OCI_LAYOUT -> new OciLayoutWriter(images.content()).write(saved, sink);
        }
    }

    private ImageLoader loader() {
        return new ImageLoader(installer());
    }

    private ImageInstaller installer() {
        return new ImageInstaller(images.store(), images.layerSnapshots(), images.recorder());
    }

    private Path scratch() {
        return images.layout().root().resolve("tmp");
    }
}
