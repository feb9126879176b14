package io.berth.image.archive;

import io.berth.image.manifest.Platform;
import io.berth.image.reference.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * What {@code berth image import} makes of a rootfs tarball.
 *
 * @param reference the tag to give the image; empty leaves it untagged
 * @param changes   Dockerfile instructions for the config ({@code --change "CMD [\"sh\"]"}); see {@link ConfigChanges}
 * @param message   the history comment; empty gives docker's "Imported from -"
 * @param platform  the os/architecture the config declares
 */
public record ImportOptions(Optional<ImageReference> reference, List<String> changes, Optional<String> message,
                            Platform platform) {
    public ImportOptions {
        changes = List.copyOf(changes);
        if (reference.isPresent() && (reference.get().tag() == null || reference.get().digest() != null)) {
            throw new IllegalArgumentException("an imported image is named by a tag, not a digest: " + reference.get());
        }
    }

    public static ImportOptions defaults() {
        return new ImportOptions(Optional.empty(), List.of(), Optional.empty(), Platform.defaultPlatform());
    }
}
