package io.berth.testing.image;

import io.airlift.compress.v3.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** How a test layer's tar is stored in a blob, with the OCI media type that says so. */
public enum LayerCompression {
    NONE("application/vnd.oci.image.layer.v1.tar"),
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    private final String mediaType;

    LayerCompression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** A stream that compresses into {@code blob}; closing it finishes the compressed stream and closes {@code blob}. */
    OutputStream compressing(OutputStream blob) throws IOException {
        return switch (this) {
            case NONE -> blob;
            case GZIP -> new GZIPOutputStream(blob, 64 * 1024);
            case ZSTD -> new ZstdOutputStream(blob);
        };
    }
}
