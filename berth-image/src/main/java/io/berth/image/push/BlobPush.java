package io.berth.image.push;

import io.berth.image.registry.BlobUploads;
import io.berth.image.registry.LocalBlob;
import io.berth.image.registry.RegistryException;
import io.berth.image.registry.UploadMode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One blob of a push, cheapest way first: nothing if the repository has it, a cross-repository
 * mount if the registry holds it under a repository the image came from, else an upload.
 */
final class BlobPush implements Callable<Void> {
    /** Mount attempts per blob; each failed one costs a POST and a DELETE. */
    private static final int MAX_MOUNT_SOURCES = 3;

    private final BlobUploads uploads;
    private final String repository;
    private final LocalBlob blob;
    private final List<String> mountSources;
    private final PushOptions options;
    private final PushListener listener;

    BlobPush(BlobUploads uploads, String repository, LocalBlob blob, List<String> mountSources, PushOptions options,
             PushListener listener) {
        this.uploads = uploads;
        this.repository = repository;
        this.blob = blob;
        this.mountSources = mountSources;
        this.options = options;
        this.listener = listener;
    }

    @Override
    public Void call() throws IOException {
        String id = blob.digest().shortHex();
        if (uploads.existing(repository, blob.digest()).isPresent()) {
            listener.layer(LayerPushEvent.of(id, PushState.ALREADY_EXISTS));
            return null;
        }
        for (String source : mountSources.subList(0, Math.min(MAX_MOUNT_SOURCES, mountSources.size()))) {
            if (mounted(source)) {
                listener.layer(new LayerPushEvent(id, PushState.MOUNTED, 0, 0, source));
                return null;
            }
        }
        UploadMode mode = blob.size() > options.chunkedAbove() ? new UploadMode.Chunked(options.chunkSize()) : new UploadMode.Monolithic();
        listener.layer(new LayerPushEvent(id, PushState.PUSHING, 0, blob.size(), null));
        uploads.upload(repository, blob, mode,
                (done, total) -> listener.layer(new LayerPushEvent(id, PushState.PUSHING, done, total, null)));
        listener.layer(LayerPushEvent.of(id, PushState.PUSHED));
        return null;
    }

    private boolean mounted(String source) throws IOException {
        try {
            return uploads.mount(repository, blob.digest(), source);
        } catch (RegistryException e) {
            if (e.retryable()) {
                throw e;
            }
            return false; // e.g. no read access to the source any more: upload instead, as docker does
        }
    }
}
