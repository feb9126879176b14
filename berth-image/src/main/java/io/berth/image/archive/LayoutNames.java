package io.berth.image.archive;

import io.berth.image.reference.ImageReference;
import io.berth.image.reference.InvalidReferenceException;
import java.util.Map;
import java.util.Optional;

/**
 * The name of an image in an OCI layout, from its index.json entry's annotations. containerd,
 * docker and buildkit write the full name in {@code io.containerd.image.name} and only the tag
 * ("latest") in {@code org.opencontainers.image.ref.name}; skopeo and podman write whatever
 * name they were given ("busybox:latest", "docker.io/library/busybox:latest") in ref.name alone.
 * So the containerd annotation wins; a ref.name is a name if it has a tag or a repository path
 * (a ':' or a '/'); a bare word is taken for a tag alone, and the image stays untagged.
 */
final class LayoutNames {
    static final String CONTAINERD_NAME = "io.containerd.image.name";
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private LayoutNames() {}

    static Optional<ImageReference> of(Map<String, String> annotations) {
        Optional<ImageReference> full = tagged(annotations.get(CONTAINERD_NAME));
        if (full.isPresent()) {
            return full;
        }
        String refName = annotations.get(REF_NAME);
        if (refName == null || (refName.indexOf(':') < 0 && refName.indexOf('/') < 0)) {
            return Optional.empty();
        }
        return tagged(refName);
    }

    private static Optional<ImageReference> tagged(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            ImageReference ref = ImageReference.parse(text);
            return ref.digest() == null ? Optional.of(ref) : Optional.empty();
        } catch (InvalidReferenceException notAName) {
            return Optional.empty();
        }
    }
}
