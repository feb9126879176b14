package io.berth.image.pull;

import io.berth.image.content.ContentStore;
import io.berth.image.content.ContentWriter;
import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageIndex;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.Manifest;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.manifest.MediaTypes;
import io.berth.image.manifest.PlatformSelector;
import io.berth.image.reference.ImageReference;
import io.berth.image.registry.ManifestResponse;
import io.berth.image.registry.RegistryClient;
import io.berth.image.registry.RegistryClients;
import io.berth.image.store.ImageStore;
import io.berth.image.unpack.ImageRecorder;
import io.berth.image.unpack.LayerSnapshots;
import io.berth.image.unpack.StagedLayer;
import io.berth.storage.layer.LayerLimits;
import io.berth.storage.snapshot.OverlaySnapshotter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pulls an image: resolves the reference to a manifest (choosing a platform from an index),
 * fetches config and layers into the content store, unpacks each layer into its own snapshot and
 * records the image. Layers download and unpack in parallel; snapshots are committed base first,
 * because each names its parent. Nothing is recorded until every layer is in place, and a layer
 * that fails leaves only its staging directory, which is removed.
 */
public final class ImagePuller {
    private final RegistryClients registries;
    private final ContentStore content;
    private final LayerSnapshots snapshots;
    private final ImageStore images;

    public ImagePuller(RegistryClients registries, ContentStore content, OverlaySnapshotter snapshotter, ImageStore images) {
        this.registries = registries;
        this.content = content;
        this.snapshots = new LayerSnapshots(content, snapshotter);
        this.images = images;
    }

    public PullResult pull(ImageReference reference, PullOptions options, PullListener listener) throws IOException {
        RegistryClient client = registries.forHost(reference.domain());
        String ref = reference.digest() != null ? reference.digest().toString() : reference.tag();
        ManifestResponse top = client.manifest(reference.path(), ref);
        Manifest parsed = ManifestCodec.parse(top.body(), top.mediaType());
        content.put(top.body(), top.digest());

        ImageManifest manifest;
        Digest manifestDigest;
        String manifestType;
        long manifestSize;
        if (parsed instanceof ImageIndex index) {
            Descriptor chosen = new PlatformSelector(options.platform()).select(index);
            ManifestResponse platformManifest = client.manifest(reference.path(), chosen.digest().toString());
            if (platformManifest.body().length != chosen.size()) {
                throw new IOException("manifest " + chosen.digest() + " is " + platformManifest.body().length
                        + " bytes, the index says " + chosen.size());
            }
            content.put(platformManifest.body(), chosen.digest());
            Manifest inner = ManifestCodec.parse(platformManifest.body(), chosen.mediaType());
            if (!(inner instanceof ImageManifest im)) {
                throw new IOException("index entry " + chosen.digest() + " for " + options.platform() + " is itself an index");
            }
            manifest = im;
            manifestDigest = chosen.digest();
            manifestType = chosen.mediaType();
            manifestSize = chosen.size();
        } else {
            manifest = (ImageManifest) parsed;
            manifestDigest = top.digest();
            manifestType = manifest.effectiveMediaType();
            manifestSize = top.body().length;
        }

        Descriptor configDescriptor = manifest.config();
        if (!content.exists(configDescriptor.digest())) {
            try (ContentWriter w = content.writer(configDescriptor.digest(), configDescriptor.size())) {
                client.fetchBlob(reference.path(), w, (a, b) -> { });
            }
        }
        ImageConfig config = ManifestCodec.parseConfig(content.read(configDescriptor.digest()));
        List<Descriptor> layers = manifest.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!MediaTypes.isLayer(layers.get(i).mediaType())) {
                throw new IOException("manifest layers[" + i + "] has media type " + layers.get(i).mediaType()
                        + ", which is not a layer Berth can unpack");
            }
        }
        if (config.diffIds().size() != layers.size()) {
            throw new IOException("image config lists " + config.diffIds().size() + " layers (rootfs.diff_ids) but the manifest has "
                    + layers.size());
        }
        List<String> chain = LayerSnapshots.names(config.diffIds());
        listener.layers(layers.stream().map(l -> l.digest().shortHex()).toList());
        fetchLayers(client, reference, layers, config.diffIds(), chain, options, listener);

        Optional<String> tag = reference.tag() != null && reference.digest() == null
                ? Optional.of(reference.toString()) : Optional.empty();
        List<Digest> others = parsed instanceof ImageIndex ? List.of(top.digest()) : List.of();
        boolean newer = new ImageRecorder(snapshots, images).record(manifest, manifestDigest, manifestType, manifestSize,
                config, others, tag, Optional.of(reference.repository() + "@" + top.digest()));
        return new PullResult(reference, top.digest(), configDescriptor.digest(), newer);
    }

    private void fetchLayers(RegistryClient client, ImageReference reference, List<Descriptor> layers, List<Digest> diffIds,
                             List<String> chain, PullOptions options, PullListener listener) throws IOException {
        LayerLimits limits = LayerLimits.DEFAULT.withMaxUnpackedBytes(options.maxLayerBytes());
        List<Future<StagedLayer>> futures = new ArrayList<>();
        List<StagedLayer> staged = new ArrayList<>();
        IOException failure = null;
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.parallelDownloads()),
                Thread.ofPlatform().daemon().name("berth-pull-", 0).factory())) {
            for (int i = 0; i < layers.size(); i++) {
                futures.add(pool.submit(new LayerFetch(client, reference.path(), content, snapshots, layers.get(i),
                        diffIds.get(i), chain.get(i), limits, listener)));
            }
            for (Future<StagedLayer> f : futures) {
                try {
                    staged.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
                        futures.forEach(o -> o.cancel(true));
                    }
                } catch (java.util.concurrent.CancellationException cancelled) {
                    // a sibling failed first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IOException("pull interrupted", e);
                }
            }
        }
        if (failure != null) {
            snapshots.discard(staged);
            throw failure;
        }
        snapshots.commitChain(staged);
    }
}
