package io.berth.testing.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link OciImage}: an image config (platform, entrypoint, cmd, env, working dir, user,
 * labels, rootfs diff_ids, one history entry per layer) and an OCI manifest over the layers, with
 * the media types the image spec gives them. The same calls give the same digests on every run.
 */
public final class OciImageBuilder {
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> layerHistory = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private ImagePlatform platform = ImagePlatform.LINUX_AMD64;
    private Instant created = TarLayerBuilder.DEFAULT_MTIME;
    private List<String> entrypoint;
    private List<String> cmd;
    private List<String> env;
    private String workingDir;
    private String user;

    public static OciImageBuilder create() {
        return new OciImageBuilder();
    }

    /** Adds a layer on top of those added so far. */
    public OciImageBuilder layer(Layer layer) {
        return layer(layer, "berth test layer " + (layers.size() + 1));
    }

    /** Adds a layer with the {@code created_by} its history entry shows. */
    public OciImageBuilder layer(Layer layer, String createdBy) {
        layers.add(layer);
        layerHistory.add(createdBy);
        return this;
    }

    public OciImageBuilder layer(TarLayerBuilder tar, LayerCompression compression) {
        return layer(tar.layer(compression));
    }

    public OciImageBuilder platform(ImagePlatform value) {
        platform = value;
        return this;
    }

    public OciImageBuilder created(Instant value) {
        created = value;
        return this;
    }

    public OciImageBuilder entrypoint(String... args) {
        entrypoint = List.of(args);
        return this;
    }

    public OciImageBuilder cmd(String... args) {
        cmd = List.of(args);
        return this;
    }

    /** {@code NAME=value} entries, as the config stores them. */
    public OciImageBuilder env(String... entries) {
        for (String entry : entries) {
            if (entry.indexOf('=') <= 0) {
                throw new IllegalArgumentException("image env entry must be NAME=value, got: " + entry);
            }
        }
        env = List.of(entries);
        return this;
    }

    public OciImageBuilder workingDir(String dir) {
        workingDir = dir;
        return this;
    }

    /** {@code user}, {@code uid}, {@code user:group} or {@code uid:gid}. */
    public OciImageBuilder user(String value) {
        user = value;
        return this;
    }

    public OciImageBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public OciImage build() {
        byte[] config = OciJson.bytes(config());
        List<OciJson.Descriptor> layerDescriptors = layers.stream()
                .map(layer -> new OciJson.Descriptor(layer.mediaType(), layer.digest(), layer.size(), null, null))
                .toList();
        OciJson.Descriptor configDescriptor = new OciJson.Descriptor(OciJson.CONFIG, Sha256.of(config), config.length,
                null, null);
        byte[] manifest = OciJson.bytes(new OciJson.Manifest(2, OciJson.MANIFEST, configDescriptor, layerDescriptors));
        return new OciImage(manifest, config, layers, platform);
    }

    private OciJson.Config config() {
        String when = created.toString();
        List<OciJson.History> history = layerHistory.stream()
                .map(createdBy -> new OciJson.History(when, createdBy, null))
                .toList();
        OciJson.RunConfig run = new OciJson.RunConfig(user, env, entrypoint, cmd, workingDir,
                labels.isEmpty() ? null : new LinkedHashMap<>(labels));
        OciJson.RootFs rootfs = new OciJson.RootFs("layers", layers.stream().map(Layer::diffId).toList());
        return new OciJson.Config(when, platform.architecture(), platform.os(), platform.variant(), run, rootfs, history);
    }

    @Override
    public String toString() {
        return "OciImageBuilder[" + platform + ", " + layers.size() + " layers, cmd " + cmd + ", entrypoint " + entrypoint + "]";
    }
}
