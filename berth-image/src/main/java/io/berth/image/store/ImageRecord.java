package io.berth.image.store;

import io.berth.image.content.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An image as the store knows it. Its ID is the digest of its config, as Docker's is; the manifest
 * it was pulled or loaded with is kept so that push and save send the same bytes.
 *
 * @param topChainId  the snapshot name (chain ID hex) of its top layer; empty for an image without layers
 * @param tags        fully qualified references with tags ("docker.io/library/busybox:latest")
 * @param repoDigests fully qualified references with digests ("docker.io/library/busybox@sha256:...")
 */
public record ImageRecord(Digest id, Digest manifestDigest, String manifestMediaType, long manifestSize,
                          String created, Instant storedAt, Optional<String> topChainId, long size,
                          List<String> tags, List<String> repoDigests) {

    public boolean dangling() {
        return tags.isEmpty();
    }
}
