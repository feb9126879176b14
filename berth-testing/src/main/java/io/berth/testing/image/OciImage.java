package io.berth.testing.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test image for one platform, all in memory: the manifest and config bytes exactly as they will
 * be stored, and the layers. Made by {@link OciImageBuilder}.
 */
public record OciImage(byte[] manifest, byte[] config, List<Layer> layers, ImagePlatform platform) implements OciContent {
    public OciImage {
        layers = List.copyOf(layers);
    }

    @Override
    public String mediaType() {
        return OciJson.MANIFEST;
    }

    @Override
    public String digest() {
        return Sha256.of(manifest);
    }

    @Override
    public long size() {
        return manifest.length;
    }

    public String configDigest() {
        return Sha256.of(config);
    }

    /** The layer blob digests, bottom layer first. */
    public List<String> layerDigests() {
        return layers.stream().map(Layer::digest).toList();
    }

    /** The diff_ids the config lists, bottom layer first. */
    public List<String> diffIds() {
        return layers.stream().map(Layer::diffId).toList();
    }

    @Override
    public Map<String, byte[]> blobs() {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        layers.forEach(layer -> blobs.put(layer.digest(), layer.blob()));
        blobs.put(configDigest(), config);
        blobs.put(digest(), manifest);
        return blobs;
    }

    @Override
    public String toString() {
        return "OciImage[" + digest() + ", " + platform + ", " + layers.size() + " layers]";
    }
}
