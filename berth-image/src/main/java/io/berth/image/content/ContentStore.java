package io.berth.image.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Blobs stored once by digest, as containerd's content store keeps them:
 * <pre>
 * ROOT/blobs/ALGORITHM/HEX     committed, verified, read-only
 * ROOT/ingest/KEY/data         a write in progress; survives a crash so it can be resumed
 * ROOT/ingest/KEY/lock         flock'ed by the writer, so two pulls of one blob don't interleave
 * </pre>
 * A blob only appears under blobs/ by an atomic rename after its size and digest were checked,
 * so a reader never sees partial or corrupt content.
 */
public final class ContentStore {
    private final Path root;

    public ContentStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path blobPath(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean exists(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    /** The size of a committed blob, or empty if it isn't in the store. */
    public Optional<Long> size(Digest digest) {
        try {
            return Optional.of(Files.size(blobPath(digest)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InputStream open(Digest digest) throws IOException {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        }
    }

    public byte[] read(Digest digest) throws IOException {
        try {
            return Files.readAllBytes(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        }
    }

    /** Stores small content held in memory (manifests, configs); a no-op if it is there already. */
    public Digest put(byte[] data, Digest expected) throws IOException {
        if (exists(expected)) {
            return expected;
        }
        try (ContentWriter writer = writer(expected, data.length)) {
            writer.truncate();
            writer.write(data, 0, data.length);
            writer.commit();
        }
        return expected;
    }

    public Digest put(byte[] data) throws IOException {
        return put(data, Digest.sha256(data));
    }

    /**
     * Opens (or resumes) the ingest of a blob whose digest and size are known in advance, as they
     * are for everything a registry or an archive names. Blocks while another writer holds the same
     * ingest.
     */
    public ContentWriter writer(Digest expected, long expectedSize) throws IOException {
        Path ingest = root.resolve("ingest").resolve(expected.algorithm() + "-" + expected.hex());
        Files.createDirectories(ingest);
        return ContentWriter.open(this, ingest, expected, expectedSize);
    }

    /** Commits a fully written and verified ingest file; losing a race to the same blob is fine. */
    void commit(Path data, Digest digest) throws IOException {
        Path target = blobPath(digest);
        Files.createDirectories(target.getParent());
        try {
            Files.move(data, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(data);
        }
    }

    public boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(blobPath(digest));
    }

    /** Every committed blob, for garbage collection. */
    public List<Digest> list() throws IOException {
        List<Digest> all = new ArrayList<>();
        Path blobs = root.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return all;
        }
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
            for (Path algorithm : algorithms) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(algorithm)) {
                    for (Path entry : entries) {
                        try {
                            all.add(new Digest(algorithm.getFileName().toString(), entry.getFileName().toString()));
                        } catch (IllegalArgumentException notABlob) {
                            // a stray file is not content; leave it for a human to look at
                        }
                    }
                }
            }
        }
        return all;
    }

    /**
     * Removes ingest directories nobody is writing: empty ones at once, partial downloads once
     * they are older than {@code keepPartial} (until then a pull can still resume them).
     */
    public int cleanIngests(java.time.Duration keepPartial) throws IOException {
        Path ingests = root.resolve("ingest");
        if (!Files.isDirectory(ingests)) {
            return 0;
        }
        int removed = 0;
        java.time.Instant cutoff = java.time.Instant.now().minus(keepPartial);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(ingests)) {
            for (Path ingest : entries) {
                Path data = ingest.resolve("data");
                if (Files.exists(data) && Files.getLastModifiedTime(data).toInstant().isAfter(cutoff)) {
                    continue;
                }
                try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(ingest.resolve("lock"),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                     java.nio.channels.FileLock held = lock.tryLock()) {
                    if (held == null) {
                        continue; // a writer is at work
                    }
                    Files.deleteIfExists(data);
                    Files.deleteIfExists(ingest.resolve("lock"));
                    Files.deleteIfExists(ingest);
                    removed++;
                } catch (java.nio.channels.OverlappingFileLockException inThisProcess) {
                    // a writer of this JVM holds it
                } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException raced) {
                    // someone started writing meanwhile, or removed it first
                }
            }
        }
        return removed;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
