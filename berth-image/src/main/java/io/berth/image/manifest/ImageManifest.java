package io.berth.image.manifest;

import java.util.List;
import java.util.Map;

/**
 * An image manifest (manifest.md), OCI or Docker schema 2: one image for one platform, as its
 * config blob and its layers, base layer first.
 *
 * @param schemaVersion 2
 * @param mediaType     nullable in OCI manifests, required by Docker's
 * @param artifactType  nullable; set by artifacts whose config is the empty descriptor
 * @param config        the image config (or an artifact's config)
 * @param layers        base layer first; never null, may be empty
 * @param subject       nullable; the manifest this one refers to (signatures, SBOMs)
 * @param annotations   never null, sorted by key
 */
public record ImageManifest(int schemaVersion, String mediaType, String artifactType, Descriptor config,
                            List<Descriptor> layers, Descriptor subject, Map<String, String> annotations)
        implements Manifest {

    public ImageManifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("an image manifest has schemaVersion 2, not " + schemaVersion);
        }
        if (config == null) {
            throw new IllegalArgumentException("an image manifest needs a config descriptor");
        }
        mediaType = mediaType == null || mediaType.isEmpty() ? null : mediaType;
        artifactType = artifactType == null || artifactType.isEmpty() ? null : artifactType;
        layers = ImmutableCopies.list(layers);
        annotations = ImmutableCopies.sortedMap(annotations);
    }

    /** An OCI image manifest with no annotations. */
    public static ImageManifest oci(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, MediaTypes.OCI_MANIFEST, null, config, layers, null, Map.of());
    }

    @Override
    public String effectiveMediaType() {
        return mediaType == null ? MediaTypes.OCI_MANIFEST : mediaType;
    }

    /** Whether this is a runnable container image rather than an artifact (a chart, a signature...). */
    public boolean isContainerImage() {
        return MediaTypes.isImageConfig(config.mediaType());
    }
}
