package io.berth.image.pull;

import io.berth.image.content.Digest;
import io.berth.image.reference.ImageReference;

/**
 * @param reference the reference pulled, normalised
 * @param digest    the digest the reference resolved to (an index's, for a multi-platform image)
 * @param imageId   the image's ID (its config digest)
 * @param newer     false when the reference already named this image ("Image is up to date")
 */
public record PullResult(ImageReference reference, Digest digest, Digest imageId, boolean newer) {
}
