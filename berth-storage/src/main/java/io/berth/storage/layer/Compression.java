package io.berth.storage.layer;

import io.airlift.compress.v3.zstd.ZstdInputStream;
import io.airlift.compress.v3.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a layer blob, image archive or rootfs tarball is compressed, told by its first bytes, not by
 * a media type or file name that may lie. These are the formats OCI layers use; xz and bzip2
 * (which docker import also takes) are recognised only to be refused by name.
 */
public enum Compression {
    GZIP, ZSTD, NONE;

    /** Bytes needed to tell the formats apart. */
    public static final int MAGIC_LENGTH = 6;
    private static final int BUFFER_SIZE = 1 << 16;

    /**
     * The compression of a stream that starts with {@code head} (its first {@link #MAGIC_LENGTH}
     * bytes, fewer if it is that short); anything without a known magic is taken to be plain.
     *
     * @param what names the stream in the error, e.g. "the archive"
     * @throws CompressionException when {@code head} is empty or is xz or bzip2
     */
    public static Compression detect(byte[] head, String what) throws CompressionException {
        if (startsWith(head, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            throw CompressionException.unsupported(what, "xz");
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            throw CompressionException.unsupported(what, "bzip2");
        }
        if (head.length == 0) {
            throw CompressionException.empty(what);
        }
        return NONE;
    }

    /** Detects the compression of {@code in} without consuming any of it (mark and reset). */
    public static Compression peek(BufferedInputStream in, String what) throws IOException {
        in.mark(MAGIC_LENGTH);
        byte[] head = in.readNBytes(MAGIC_LENGTH);
        in.reset();
        return detect(head, what);
    }

    /**
     * The uncompressed bytes of {@code in}. The gzip header is read on the first read, so every
     * decoding failure comes from a read, where a {@link ReadFailureStream} can name the stream.
     */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new DeferredGzipStream(in, BUFFER_SIZE);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    /** A stream that compresses into {@code out}; closing it ends the compressed stream and closes {@code out}. */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPOutputStream(out, BUFFER_SIZE);
            case ZSTD -> new ZstdOutputStream(out);
            case NONE -> out;
        };
    }

    /** "gzip", "zstd" or "tar", for messages. */
    public String displayName() {
        return switch (this) {
            case GZIP -> "gzip";
            case ZSTD -> "zstd";
            case NONE -> "tar";
        };
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
