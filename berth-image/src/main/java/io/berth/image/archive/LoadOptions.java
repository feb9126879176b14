package io.berth.image.archive;

import io.berth.image.manifest.Platform;

/**
 * @param platform      the platform to pick where an archive holds a multi-platform index
 * @param maxLayerBytes refuse a layer that unpacks to more (--max-layer-size); Long.MAX_VALUE for none
 */
public record LoadOptions(Platform platform, long maxLayerBytes) {
    public LoadOptions {
        if (platform == null) {
            throw new IllegalArgumentException("a load needs a platform to choose from multi-platform images");
        }
        if (maxLayerBytes < 0) {
            throw new IllegalArgumentException("maxLayerBytes must not be negative: " + maxLayerBytes);
        }
    }

    public static LoadOptions defaults() {
        return new LoadOptions(Platform.defaultPlatform(), Long.MAX_VALUE);
    }
}
