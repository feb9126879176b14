package io.berth.image.archive;

import io.airlift.compress.v3.zstd.ZstdInputStream;
import io.berth.image.manifest.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How an archive, tarball or stored layer is compressed, told by its first bytes: docker load
 * and import take gzip'ed archives, and a media type may lie.
 */
enum StreamCompression {
    NONE, GZIP, ZSTD;

    private static final int MAGIC_LENGTH = 6;

    static StreamCompression detect(byte[] head, String what) throws ArchiveException {
        if (startsWith(head, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            throw unsupported(what, "xz");
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            throw unsupported(what, "bzip2");
        }
        if (head.length == 0) {
            throw new ArchiveException(what + " is empty");
        }
        return NONE;
    }

    /** Detects the compression of {@code in} without consuming it. */
    static StreamCompression peek(BufferedInputStream in, String what) throws IOException {
        in.mark(MAGIC_LENGTH);
        byte[] head = in.readNBytes(MAGIC_LENGTH);
        in.reset();
        return detect(head, what);
    }

    /** The uncompressed bytes of {@code in}, whichever of gzip, zstd or nothing it is compressed with. */
    static InputStream decompressed(InputStream in, String what) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        return peek(buffered, what).decompress(buffered);
    }

    InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    /** The OCI layer media type for a layer blob compressed this way. */
    String layerMediaType() {
        return switch (this) {
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            case NONE -> MediaTypes.OCI_LAYER;
        };
    }

    private static ArchiveException unsupported(String what, String format) {
        return new ArchiveException(what + " is " + format + "-compressed; Berth reads gzip, zstd or plain tar");
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
