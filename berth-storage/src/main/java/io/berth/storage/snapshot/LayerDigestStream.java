package io.berth.storage.snapshot;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and digests (sha256) what is written through it. Closing it only flushes: the stream
 * below is the caller's, and a compressor's close must end its own stream without ending that.
 */
final class LayerDigestStream extends FilterOutputStream {
    private final MessageDigest sha256;
    private long count;

    LayerDigestStream(OutputStream out) {
        super(out);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    long count() {
        return count;
    }

    /** "sha256:HEX" of everything written; call once, at the end. */
    String digest() {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}
