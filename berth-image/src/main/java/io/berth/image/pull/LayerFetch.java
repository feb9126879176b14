package io.berth.image.pull;

import io.berth.image.content.ContentStore;
import io.berth.image.content.ContentWriter;
import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.registry.RegistryClient;
import io.berth.image.unpack.LayerSnapshots;
import io.berth.image.unpack.StagedLayer;
import io.berth.storage.layer.LayerLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;

/**
 * One layer of a pull: download the blob unless the store has it, then unpack it into staging
 * unless its snapshot exists. Committing is left to the caller, which must go base first.
 */
final class LayerFetch implements Callable<StagedLayer> {
    private final RegistryClient client;
    private final String repository;
    private final ContentStore content;
    private final LayerSnapshots snapshots;
    private final Descriptor layer;
    private final Digest diffId;
    private final String snapshotName;
    private final LayerLimits limits;
    private final PullListener listener;

    LayerFetch(RegistryClient client, String repository, ContentStore content, LayerSnapshots snapshots, Descriptor layer,
               Digest diffId, String snapshotName, LayerLimits limits, PullListener listener) {
        this.client = client;
        this.repository = repository;
        this.content = content;
        this.snapshots = snapshots;
        this.layer = layer;
        this.diffId = diffId;
        this.snapshotName = snapshotName;
        this.limits = limits;
        this.listener = listener;
    }

    /**
     * Fetches the blob and unpacks it in the same pass. Returns null when the download broke off
     * (the bytes so far stay in the ingest, for {@link #download} to resume) or another process
     * stored the blob meanwhile; a bad layer is an error as usual.
     */
    private StagedLayer downloadAndUnpack(String id) throws IOException {
        listener.layer(id, LayerState.DOWNLOADING, 0, layer.size());
        try (ContentWriter writer = content.writer(layer.digest(), layer.size())) {
            if (content.exists(layer.digest()) || writer.offset() > 0) {
                return null;
            }
            StagedLayer staged;
            try (InputStream in = new DownloadTee(client.openBlob(repository, layer.digest()), writer,
                    (done, total) -> listener.layer(id, LayerState.DOWNLOADING, done, total))) {
                staged = snapshots.stage(in, layer.digest(), diffId, snapshotName, limits);
            } catch (DownloadTee.DownloadBrokeOff e) {
                return null;
            } catch (IOException e) {
                throw new IOException("layer " + id + ": " + e.getMessage(), e);
            }
            try {
                writer.commit(); // the digest and size of what was unpacked
            } catch (IOException e) {
                snapshots.discard(java.util.List.of(staged));
                throw e;
            }
            listener.layer(id, LayerState.DOWNLOAD_COMPLETE, layer.size(), layer.size());
            return staged;
        }
    }

    private void download(String id) throws IOException {
        listener.layer(id, LayerState.DOWNLOADING, 0, layer.size());
        try (ContentWriter writer = content.writer(layer.digest(), layer.size())) {
            // another pull may have committed it while this one waited for the ingest lock
            if (!content.exists(layer.digest())) {
                client.fetchBlob(repository, writer, (done, total) -> listener.layer(id, LayerState.DOWNLOADING, done, total));
            }
        }
        listener.layer(id, LayerState.DOWNLOAD_COMPLETE, layer.size(), layer.size());
    }

    @Override
    public StagedLayer call() throws IOException {
        String id = layer.digest().shortHex();
        boolean haveSnapshot = snapshots.exists(snapshotName);
        if (haveSnapshot && content.exists(layer.digest())) {
            listener.layer(id, LayerState.ALREADY_EXISTS, 0, 0);
            return StagedLayer.existing(snapshotName);
        }
        if (!haveSnapshot && !content.exists(layer.digest())) {
            StagedLayer streamed = downloadAndUnpack(id);
            if (streamed != null) {
                listener.layer(id, LayerState.PULL_COMPLETE, 0, 0);
                return streamed;
            }
        }
        if (!content.exists(layer.digest())) {
            download(id);
        }
        if (haveSnapshot) {
            listener.layer(id, LayerState.PULL_COMPLETE, 0, 0);
            return StagedLayer.existing(snapshotName);
        }
        listener.layer(id, LayerState.EXTRACTING, 0, layer.size());
        StagedLayer staged;
        try {
            staged = snapshots.stage(layer.digest(), diffId, snapshotName, limits);
        } catch (IOException e) {
            throw new IOException("layer " + id + ": " + e.getMessage(), e);
        }
        listener.layer(id, LayerState.PULL_COMPLETE, 0, 0);
        return staged;
    }
}
