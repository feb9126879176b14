package io.berth.image.push;

import io.berth.image.content.Digest;
import io.berth.image.reference.ImageReference;

/**
 * @param reference the reference pushed, normalised
 * @param digest    the manifest's digest in the registry (the stored manifest's, unchanged)
 * @param size      the manifest's size in bytes
 */
public record PushResult(ImageReference reference, Digest digest, long size) {
}
