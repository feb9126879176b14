package io.berth.image.manifest;

/** How a layer's tar stream is compressed, as its media type says. */
public enum LayerCompression {
    NONE,
    GZIP,
    ZSTD
}
