package io.berth.image.registry;

import io.berth.image.content.Digest;

/** A manifest or index as the registry sent it: the exact bytes (its digest is of them), and its type. */
public record ManifestResponse(byte[] body, String mediaType, Digest digest) {
}
