package io.berth.image.manifest;

import io.berth.image.content.Digest;
import java.util.List;
import java.util.Map;

/**
 * A content descriptor (descriptor.md): what a manifest or index says about a blob it points to.
 *
 * @param mediaType    the blob's media type
 * @param digest       the blob's digest
 * @param size         the blob's size in bytes, at least 0
 * @param urls         where else the blob may be fetched from (foreign layers); never null
 * @param annotations  never null, sorted by key
 * @param platform     nullable; set on an index's entries
 * @param artifactType nullable; the artifact type of the manifest this points to
 */
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls,
                         Map<String, String> annotations, Platform platform, String artifactType) {

    public Descriptor {
        if (mediaType == null || mediaType.isBlank()) {
            throw new IllegalArgumentException("a descriptor needs a media type");
        }
        if (digest == null) {
            throw new IllegalArgumentException("a descriptor needs a digest");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a descriptor's size cannot be negative: " + size);
        }
        urls = ImmutableCopies.list(urls);
        annotations = ImmutableCopies.sortedMap(annotations);
        artifactType = artifactType == null || artifactType.isEmpty() ? null : artifactType;
    }

    /** A descriptor with just the three required fields. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), null, null);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
    }
}
