package io.berth.image.manifest;

import java.util.List;
import java.util.Map;

/**
 * An image index (image-index.md) or Docker manifest list: manifests for several platforms,
 * often with attestation manifests beside them.
 *
 * @param schemaVersion 2
 * @param mediaType     nullable in OCI indexes, required by Docker's
 * @param artifactType  nullable
 * @param manifests     never null, may be empty
 * @param subject       nullable
 * @param annotations   never null, sorted by key
 */
public record ImageIndex(int schemaVersion, String mediaType, String artifactType, List<Descriptor> manifests,
                         Descriptor subject, Map<String, String> annotations) implements Manifest {

    public ImageIndex {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("an image index has schemaVersion 2, not " + schemaVersion);
        }
        mediaType = mediaType == null || mediaType.isEmpty() ? null : mediaType;
        artifactType = artifactType == null || artifactType.isEmpty() ? null : artifactType;
        manifests = ImmutableCopies.list(manifests);
        annotations = ImmutableCopies.sortedMap(annotations);
    }

    /** An OCI index with no annotations. */
    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaTypes.OCI_INDEX, null, manifests, null, Map.of());
    }

    @Override
    public String effectiveMediaType() {
        return mediaType == null ? MediaTypes.OCI_INDEX : mediaType;
    }
}
