package io.berth.image.pull;

import io.berth.image.manifest.Platform;

/**
 * @param platform          the platform to pick from a multi-platform image
 * @param maxLayerBytes     refuse a layer that unpacks to more (--max-layer-size); Long.MAX_VALUE for none
 * @param parallelDownloads layers fetched at once (Docker's max-concurrent-downloads is 3)
 */
public record PullOptions(Platform platform, long maxLayerBytes, int parallelDownloads) {
    public static PullOptions defaults() {
        return new PullOptions(Platform.defaultPlatform(), Long.MAX_VALUE, 3);
    }
}
