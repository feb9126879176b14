package io.berth.storage.layer;

import io.airlift.compress.v3.zstd.ZstdInputStream;
import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** How a layer blob is stored, told by its first bytes, not by a media type that may lie. */
enum Compression {
    GZIP, ZSTD, NONE;

    /** Bytes needed to tell the formats apart. */
    static final int MAGIC_LENGTH = 6;

    static Compression detect(byte[] head) throws LayerRejectedException {
        if (startsWith(head, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            throw unsupported("xz");
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            throw unsupported("bzip2");
        }
        if (head.length == 0) {
            throw LayerRejectedException.layer(Reason.MALFORMED, "the layer blob is empty", null);
        }
        return NONE;
    }

    InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPInputStream(in, 256 * 1024);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    String displayName() {
        return switch (this) {
            case GZIP -> "gzip";
            case ZSTD -> "zstd";
            case NONE -> "tar";
        };
    }

    private static LayerRejectedException unsupported(String format) {
        return LayerRejectedException.layer(Reason.UNSUPPORTED, "the layer is " + format
                + "-compressed; OCI layers are gzip, zstd or plain tar", null);
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
