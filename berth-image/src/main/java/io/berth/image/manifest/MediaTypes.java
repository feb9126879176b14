package io.berth.image.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The media types of the OCI image spec (media-types.md) and of Docker's image manifest
 * schema 2, which registries still serve for most images pushed by Docker.
 */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** Deprecated by the OCI spec (v1.1) but still found: layers a registry may not redistribute. */
    public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP = OCI_LAYER_NONDISTRIBUTABLE + "+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD = OCI_LAYER_NONDISTRIBUTABLE + "+zstd";
    /** The empty descriptor ({@code {}}) artifacts use for a config they do not need. */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";
    /** Windows base layers that registries don't serve; they come from {@code urls}. */
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar";

    /** Docker schema 1, known only so it can be refused clearly. */
    public static final String DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST =
            "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** What a pull asks a registry for ({@code Accept}), indexes first so every platform stays reachable. */
    public static final List<String> PULLABLE_MANIFESTS =
            List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private static final Set<String> UNCOMPRESSED_LAYERS =
            Set.of(OCI_LAYER, OCI_LAYER_NONDISTRIBUTABLE, DOCKER_LAYER, DOCKER_FOREIGN_LAYER);
    private static final Set<String> GZIP_LAYERS =
            Set.of(OCI_LAYER_GZIP, OCI_LAYER_NONDISTRIBUTABLE_GZIP, DOCKER_LAYER_GZIP, DOCKER_FOREIGN_LAYER_GZIP);
    private static final Set<String> ZSTD_LAYERS =
            Set.of(OCI_LAYER_ZSTD, OCI_LAYER_NONDISTRIBUTABLE_ZSTD, DOCKER_LAYER_ZSTD);

    private MediaTypes() {}

    /** An image manifest (OCI or Docker schema 2), not an index. */
    public static boolean isManifest(String mediaType) {
        String type = essence(mediaType);
        return OCI_MANIFEST.equals(type) || DOCKER_MANIFEST.equals(type);
    }

    /** An OCI index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        String type = essence(mediaType);
        return OCI_INDEX.equals(type) || DOCKER_MANIFEST_LIST.equals(type);
    }

    /** Docker schema 1, signed or not, which Berth refuses. */
    public static boolean isSchema1(String mediaType) {
        String type = essence(mediaType);
        return DOCKER_SCHEMA1_MANIFEST.equals(type) || DOCKER_SCHEMA1_SIGNED_MANIFEST.equals(type);
    }

    /** The config of a container image, OCI or Docker; anything else is an artifact, not a runnable image. */
    public static boolean isImageConfig(String mediaType) {
        String type = essence(mediaType);
        return OCI_CONFIG.equals(type) || DOCKER_CONFIG.equals(type);
    }

    /** A filesystem layer (a tar stream, maybe compressed) that can be unpacked into a rootfs. */
    public static boolean isLayer(String mediaType) {
        return mediaType != null && compressionOrNull(essence(mediaType)) != null;
    }

    /**
     * How a layer of this media type is compressed.
     *
     * @throws IllegalArgumentException if the media type is not a layer's
     */
    public static LayerCompression compressionOf(String mediaType) {
        LayerCompression compression = mediaType == null ? null : compressionOrNull(essence(mediaType));
        if (compression == null) {
            throw new IllegalArgumentException("\"" + mediaType + "\" is not a layer media type (want one of "
                    + OCI_LAYER + "[+gzip|+zstd] or " + DOCKER_LAYER_GZIP + ")");
        }
        return compression;
    }

    private static LayerCompression compressionOrNull(String type) {
        if (UNCOMPRESSED_LAYERS.contains(type)) {
            return LayerCompression.NONE;
        }
        if (GZIP_LAYERS.contains(type)) {
            return LayerCompression.GZIP;
        }
        return ZSTD_LAYERS.contains(type) ? LayerCompression.ZSTD : null;
    }

    /**
     * The type without parameters or case, as an HTTP Content-Type may carry them
     * ({@code application/vnd.oci.image.index.v1+json; charset=utf-8}); null stays null.
     */
    static String essence(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        int semicolon = mediaType.indexOf(';');
        String type = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
        return type.strip().toLowerCase(Locale.ROOT);
    }
}
