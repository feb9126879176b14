package io.berth.image.unpack;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.store.ChainIds;
import io.berth.storage.layer.LayerLimits;
import io.berth.storage.layer.LayerUnpacker;
import io.berth.storage.layer.UnpackResult;
import io.berth.storage.snapshot.OverlaySnapshotter;
import io.berth.storage.snapshot.Staging;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns layer blobs of the content store into committed snapshots, one per chain ID. Layers unpack
 * independently (in parallel if the caller likes) into staging; {@link #commitChain} then commits
 * them base first, because each snapshot names its parent. Used by pull, load and import alike.
 */
public final class LayerSnapshots {
    private final ContentStore content;
    private final OverlaySnapshotter snapshotter;

    public LayerSnapshots(ContentStore content, OverlaySnapshotter snapshotter) {
        this.content = content;
        this.snapshotter = snapshotter;
    }

    /** How images name their layers' snapshots: by chain ID, the hex alone for sha256. */
    public static String name(Digest chainId) {
        return chainId.algorithm().equals("sha256") ? chainId.hex() : chainId.algorithm() + "-" + chainId.hex();
    }

    /** The snapshot names of an image's layers, base first, from its diff IDs. */
    public static List<String> names(List<Digest> diffIds) {
        return ChainIds.of(diffIds).stream().map(LayerSnapshots::name).toList();
    }

    public boolean exists(String snapshotName) throws IOException {
        return snapshotter.committed(snapshotName).isPresent();
    }

    /**
     * Unpacks a stored blob into staging, checking that its uncompressed tar is {@code diffId}. A
     * failure leaves nothing behind.
     */
    public StagedLayer stage(Digest blob, Digest diffId, String snapshotName, LayerLimits limits) throws IOException {
        try (InputStream in = content.open(blob)) {
            return stage(in, blob, diffId, snapshotName, limits);
        }
    }

    /**
     * Unpacks a layer read from {@code in} (a blob on its way into the store, say) into staging;
     * the stream is read to its end. {@code blob} only names the layer in errors.
     */
    public StagedLayer stage(InputStream in, Digest blob, Digest diffId, String snapshotName, LayerLimits limits)
            throws IOException {
        Staging staging = snapshotter.stage();
        try {
            UnpackResult result = new LayerUnpacker().unpack(in, staging.fs(), limits);
            if (!result.diffId().equals(diffId.toString())) {
                throw new IOException("layer " + blob + " unpacks to " + result.diffId()
                        + " but the image config says its diff ID is " + diffId);
            }
        } catch (IOException | RuntimeException e) {
            snapshotter.abort(staging);
            throw e;
        }
        return new StagedLayer(snapshotName, Optional.of(staging));
    }

    /** Commits staged layers base first; if any commit fails, the rest of the staging is removed. */
    public void commitChain(List<StagedLayer> layers) throws IOException {
        Optional<String> parent = Optional.empty();
        for (int i = 0; i < layers.size(); i++) {
            try {
                layers.get(i).commit(snapshotter, parent);
            } catch (IOException | RuntimeException e) {
                discard(layers.subList(i, layers.size()));
                throw e;
            }
            parent = Optional.of(layers.get(i).snapshotName());
        }
    }

    /** Removes the staging of layers that will not be committed. */
    public void discard(List<StagedLayer> layers) {
        for (StagedLayer layer : new ArrayList<>(layers)) {
            try {
                layer.discard(snapshotter);
            } catch (IOException ignored) {
                // staging debris is removed by the next cleanup; the caller's error matters more
            }
        }
    }

    /** Bytes of file content in a chain's snapshots: the image's Size as docker reports it. */
    public long size(List<String> chain) throws IOException {
        long size = 0;
        for (String name : chain) {
            size += snapshotter.usage(snapshotter.committed(name).orElseThrow());
        }
        return size;
    }
}
