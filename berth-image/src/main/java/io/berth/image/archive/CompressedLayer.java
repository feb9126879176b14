package io.berth.image.archive;

import io.berth.image.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPOutputStream;

/**
 * A rootfs tarball recompressed with gzip for the content store, in one pass: the tar's sha256 is
 * the layer's diff ID, the gzip's its blob digest. Neither is known before the end, so the gzip
 * goes to a scratch file first.
 *
 * @param file   the gzip'ed layer; the caller deletes it
 * @param blob   the digest of {@code file}
 * @param size   the size of {@code file}
 * @param diffId the digest of the uncompressed tar
 */
record CompressedLayer(Path file, Digest blob, long size, Digest diffId) {

    /** Reads {@code rootfs} (gzip, zstd or plain tar) to its end into a new file in {@code scratch}. */
    static CompressedLayer write(InputStream rootfs, Path scratch) throws IOException {
        Files.createDirectories(scratch);
        Path file = Files.createTempFile(scratch, "import-", ".tar.gz");
        try {
            MessageDigest tarHash = Digest.messageDigest("sha256");
            MessageDigest gzipHash = Digest.messageDigest("sha256");
            try (InputStream tar = CompressedInput.open(rootfs, "the rootfs tarball");
                    OutputStream gzip = new GZIPOutputStream(
                            new DigestOutputStream(Files.newOutputStream(file), gzipHash), 1 << 16)) {
                byte[] buffer = new byte[1 << 17];
                for (int n; (n = tar.read(buffer)) >= 0; ) {
                    tarHash.update(buffer, 0, n);
                    gzip.write(buffer, 0, n);
                }
            }
            return new CompressedLayer(file, Digest.of("sha256", gzipHash), Files.size(file), Digest.of("sha256", tarHash));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
