package io.berth.testing.image;

import java.util.function.Supplier;

/**
 * Layers that try to get out of the directory they are unpacked into, or to exhaust it. An
 * unpacker must refuse each one with an error naming the entry, or keep every write inside the
 * root, and leave nothing outside it. (umoci 0.4.7 contains rather than refuses: {@code ../x},
 * {@code /etc/x} and writes through {@code evil -> /etc} or {@code up -> ../../..} all land inside
 * its rootfs, and the hard link to {@code ../../etc/passwd} fails because the in-root target is missing.)
 *
 * <p>The write-through layers aim at harmless canary names ({@link #CANARY}), never at real host
 * files such as /etc/passwd, so a buggy unpacker under test leaves a file to find, not a broken
 * host. A test can assert that {@code /etc/berth-hostile-canary} and the unpack dir's parent hold
 * no canary afterwards (and delete it if they do).
 */
public enum HostileLayer {
    /** {@code ../berth-hostile-canary}: a name climbing out of the root. */
    DOT_DOT_NAME(() -> TarLayerBuilder.create().rawFile("../" + HostileLayer.CANARY, "escaped with ..\n")),
    /** {@code /etc/berth-hostile-canary}: an absolute name. */
    ABSOLUTE_NAME(() -> TarLayerBuilder.create().rawFile("/etc/" + HostileLayer.CANARY, "escaped by an absolute name\n")),
    /** {@code passwd} hard-linked to {@code ../../etc/passwd}: a link to a file outside the root. */
    HARDLINK_OUTSIDE(() -> TarLayerBuilder.create().rawHardlink("passwd", "../../etc/passwd")),
    /** {@code evil -> /etc}, then the file {@code evil/berth-hostile-canary}: writing through an absolute symlink. */
    SYMLINK_WRITE_THROUGH(() -> TarLayerBuilder.create()
            .symlink("evil", "/etc")
            .rawFile("evil/" + HostileLayer.CANARY, "escaped through a symlink to /etc\n")),
    /** {@code up -> ../../..}, then {@code up/berth-hostile-canary}: writing through a climbing symlink. */
    SYMLINK_CLIMB_WRITE_THROUGH(() -> TarLayerBuilder.create()
            .symlink("up", "../../..")
            .rawFile("up/" + HostileLayer.CANARY, "escaped through a climbing symlink\n")),
    /** {@code ../.wh.berth-hostile-canary}: a whiteout deleting something beside the root. */
    WHITEOUT_ESCAPE(() -> TarLayerBuilder.create().rawFile("../.wh." + HostileLayer.CANARY, "")),
    /** A gzip blob of about 64 KiB (deflate tops out near 1000:1) holding a 64 MiB file of zeros. */
    GZIP_BOMB(() -> TarLayerBuilder.create().zeroFile("zeros", HostileLayer.BOMB_FILE_SIZE), LayerCompression.GZIP),
    /** A zstd blob of a few KiB holding a 64 MiB file of zeros. */
    ZSTD_BOMB(() -> TarLayerBuilder.create().zeroFile("zeros", HostileLayer.BOMB_FILE_SIZE), LayerCompression.ZSTD);

    /** The file name the escaping layers try to create (or, for the whiteout, delete) outside the root. */
    public static final String CANARY = "berth-hostile-canary";
    /** The size of the single file in each bomb layer; the tar is a little larger. */
    public static final long BOMB_FILE_SIZE = 64L << 20;

    private final Supplier<TarLayerBuilder> tar;
    private final LayerCompression compression;

    HostileLayer(Supplier<TarLayerBuilder> tar) {
        this(tar, LayerCompression.GZIP);
    }

    HostileLayer(Supplier<TarLayerBuilder> tar, LayerCompression compression) {
        this.tar = tar;
        this.compression = compression;
    }

    /** The entries, to compress or write as a plain tar. */
    public TarLayerBuilder tar() {
        return tar.get();
    }

    /** The layer blob as it would arrive from a registry. */
    public Layer layer() {
        return tar().layer(compression);
    }
}
