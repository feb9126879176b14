package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.storage.DirectoryTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An archive read in one pass, in whatever order its members come (docker save puts manifest.json
 * last): members named {@code blobs/ALG/HEX} go straight into the content store, verified; the
 * metadata files are kept in memory; anything else (the old format's {@code ID/layer.tar}, skopeo's
 * {@code HEX.tar}) is spooled to scratch with its digest until a manifest asks for it. Symlinks and
 * hardlinks between members (old docker save links repeated layers) are followed on lookup.
 */
final class TarArchiveSource implements ArchiveSource {
    private static final Set<String> METADATA = Set.of("manifest.json", "index.json", "oci-layout", "repositories");
    private static final int METADATA_LIMIT = 16 << 20;
    private static final int MAX_LINK_HOPS = 16;

    private final ContentStore content;
    private final Path spool;
    private final Map<String, byte[]> metadata = new HashMap<>();
    private final Map<String, Digest> blobs = new HashMap<>();
    private final Map<String, SpooledMember> spooled = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();

    private TarArchiveSource(ContentStore content, Path spool) {
        this.content = content;
        this.spool = spool;
    }

    /** Reads all of {@code archive} (a tar, gzip'ed or zstd'ed or not), which the caller closes. */
    static TarArchiveSource read(InputStream archive, ContentStore content, Path scratch) throws IOException {
        Files.createDirectories(scratch);
        TarArchiveSource source = new TarArchiveSource(content, Files.createTempDirectory(scratch, "load-"));
        try {
            source.readAll(archive);
            return source;
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private void readAll(InputStream archive) throws IOException {
        InputStream tarBytes = CompressedInput.open(archive, "the archive");
        TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes);
        int members = 0;
        String last = null;
        for (TarArchiveEntry entry = next(tar, last); entry != null; entry = next(tar, last)) {
            last = entry.getName();
            accept(entry, CompressedInput.failuresNamed(tar, "archive member " + entry.getName()));
            members++;
        }
        if (members == 0) {
            throw new ArchiveException("the archive is not a tar archive (no members in it)");
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String last) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ArchiveException("the archive is not a valid tar archive"
                    + (last == null ? "" : " after member \"" + last + "\"") + ": " + e.getMessage(), e);
        }
    }

    private void accept(TarArchiveEntry entry, InputStream data) throws IOException {
        String name = ArchiveNames.normalize(entry.getName());
        if (entry.isDirectory() || name.isEmpty()) {
            return;
        }
        if (entry.isSymbolicLink()) {
            links.put(name, ArchiveNames.linkTarget(name, entry.getLinkName()));
        } else if (entry.isLink()) {
            links.put(name, ArchiveNames.normalize(entry.getLinkName()));
        } else if (!entry.isFile()) {
            return; // devices and fifos are nothing an image is made of
        } else if (METADATA.contains(name)) {
            metadata.put(name, readMetadata(name, entry.getSize(), data));
        } else {
            Optional<Digest> digest = ArchiveNames.blobDigest(name);
            if (digest.isPresent()) {
                ContentIngest.store(content, digest.get(), entry.getSize(), data, name);
                blobs.put(name, digest.get());
            } else {
                spooled.put(name, spool(name, entry.getSize(), data));
            }
        }
    }

    private static byte[] readMetadata(String name, long size, InputStream data) throws IOException {
        if (size > METADATA_LIMIT) {
            throw new ArchiveException("archive member " + name + " is " + size + " bytes; more than "
                    + (METADATA_LIMIT >> 20) + " MiB is not an image archive's metadata");
        }
        byte[] bytes = data.readNBytes((int) size);
        if (bytes.length != size) {
            throw new ArchiveException("archive member " + name + " is cut short (the archive is truncated)");
        }
        return bytes;
    }

    private SpooledMember spool(String name, long size, InputStream data) throws IOException {
        Path file = Files.createTempFile(spool, "member-", "");
        MessageDigest sha256 = Digest.messageDigest("sha256");
        long copied = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 17];
            for (int n; (n = data.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
                copied += n;
            }
        }
        if (copied != size) {
            throw new ArchiveException("archive member " + name + " is cut short (the archive is truncated)");
        }
        return new SpooledMember(file, Digest.of("sha256", sha256), size);
    }

    @Override
    public Optional<byte[]> metadata(String name) {
        return Optional.ofNullable(metadata.get(name));
    }

    @Override
    public Digest ingest(String name, String role) throws IOException {
        String resolved = resolve(name, role);
        Digest blob = blobs.get(resolved);
        if (blob != null) {
            return blob;
        }
        SpooledMember member = spooled.get(resolved);
        if (member != null) {
            try (InputStream in = Files.newInputStream(member.file())) {
                ContentIngest.store(content, member.digest(), member.size(), in, resolved);
            }
            return member.digest();
        }
        byte[] bytes = metadata.get(resolved);
        if (bytes != null) {
            return content.put(bytes);
        }
        Optional<Digest> named = ArchiveNames.blobDigest(resolved);
        if (named.isPresent() && content.exists(named.get())) {
            return named.get(); // the store has it already: content is content, whichever archive brought it
        }
        throw new ArchiveException(role + " names \"" + name + "\", which is not in the archive");
    }

    private String resolve(String name, String role) throws ArchiveException {
        String current = ArchiveNames.normalize(name);
        for (int hops = 0; links.containsKey(current); hops++) {
            if (hops == MAX_LINK_HOPS) {
                throw new ArchiveException(role + " names \"" + name + "\", a link that leads round in circles");
            }
            current = links.get(current);
        }
        return current;
    }

    @Override
    public ContentStore content() {
        return content;
    }

    @Override
    public void close() throws IOException {
        DirectoryTree.delete(spool);
    }
}
