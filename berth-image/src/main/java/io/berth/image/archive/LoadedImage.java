package io.berth.image.archive;

import io.berth.image.content.Digest;
import io.berth.image.reference.ImageReference;
import java.util.List;

/**
 * One image an archive or tarball put into the store.
 *
 * @param id        the image ID (its config's digest)
 * @param tags      the names it was given; empty when the archive named it not at all
 * @param displaced tags that named another image before and now name this one
 */
public record LoadedImage(Digest id, List<ImageReference> tags, List<DisplacedTag> displaced) {
    public LoadedImage {
        tags = List.copyOf(tags);
        displaced = List.copyOf(displaced);
    }

    /** A tag moved from {@code previous} to the loaded image, as docker load reports it. */
    public record DisplacedTag(ImageReference tag, Digest previous) {}
}
