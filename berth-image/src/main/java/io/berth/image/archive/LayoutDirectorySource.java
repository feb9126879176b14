package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * An OCI image layout (or an unpacked docker save) as a directory. Members are read where they
 * are, on request; a member must be a regular file, not a symlink, so a layout cannot hand the
 * store a file from elsewhere on the host.
 */
final class LayoutDirectorySource implements ArchiveSource {
    private static final int METADATA_LIMIT = 16 << 20;

    private final Path root;
    private final ContentStore content;

    LayoutDirectorySource(Path root, ContentStore content) {
        this.root = root;
        this.content = content;
    }

    @Override
    public Optional<byte[]> metadata(String name) throws IOException {
        Path file = member(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.size(file) > METADATA_LIMIT) {
            throw new ArchiveException(file + " is " + Files.size(file) + " bytes; more than "
                    + (METADATA_LIMIT >> 20) + " MiB is not an image layout's metadata");
        }
        return Optional.of(Files.readAllBytes(file));
    }

    @Override
    public Digest ingest(String name, String role) throws IOException {
        Path file = member(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArchiveException(role + " names \"" + name + "\", which is not a regular file in " + root);
        }
        Digest digest = ArchiveNames.blobDigest(ArchiveNames.normalize(name)).orElse(null);
        if (digest == null) {
            digest = sha256(file);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            ContentIngest.store(content, digest, Files.size(file), in, file.toString());
        }
        return digest;
    }

    private Path member(String name) throws ArchiveException {
        String normal = ArchiveNames.normalize(name);
        Path file = root;
        for (String part : normal.split("/")) {
            if (!part.isEmpty()) {
                if (Files.isSymbolicLink(file) && !file.equals(root)) {
                    throw new ArchiveException("\"" + name + "\" in " + root + " goes through a symlink");
                }
                file = file.resolve(part);
            }
        }
        return file;
    }

    private static Digest sha256(Path file) throws IOException {
        MessageDigest sha256 = Digest.messageDigest("sha256");
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[1 << 17];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return Digest.of("sha256", sha256);
    }

    @Override
    public ContentStore content() {
        return content;
    }

    @Override
    public void close() {
        // nothing was copied out of the directory but into the content store
    }
}
