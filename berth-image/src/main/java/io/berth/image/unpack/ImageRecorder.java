package io.berth.image.unpack;

import io.berth.image.content.Digest;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.store.ImageRecord;
import io.berth.image.store.ImageStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records an image whose blobs and layer snapshots are all in place (the last step of pull, load
 * and import), so that a tag never names an image that is not complete.
 */
public final class ImageRecorder {
    private final LayerSnapshots snapshots;
    private final ImageStore images;

    public ImageRecorder(LayerSnapshots snapshots, ImageStore images) {
        this.snapshots = snapshots;
        this.images = images;
    }

    /**
     * @param manifestDigest the platform manifest's digest (kept for push and save)
     * @param otherBlobs     blobs besides manifest, config and layers that the image keeps (an index)
     * @return whether {@code tag} named another image (or nothing) before
     */
    public boolean record(ImageManifest manifest, Digest manifestDigest, String manifestType, long manifestSize,
                          ImageConfig config, List<Digest> otherBlobs, Optional<String> tag, Optional<String> repoDigest)
            throws IOException {
        Digest imageId = manifest.config().digest();
        List<String> chain = LayerSnapshots.names(config.diffIds());
        List<Digest> blobs = new ArrayList<>(otherBlobs);
        blobs.add(manifestDigest);
        blobs.add(imageId);
        manifest.layers().forEach(l -> blobs.add(l.digest()));
        boolean changed = tag.isEmpty() || !images.byTag(tag.get()).equals(Optional.of(imageId));
        images.put(new ImageRecord(imageId, manifestDigest, manifestType, manifestSize,
                        config.created() == null ? null : config.created().toString(), Instant.now(),
                        chain.isEmpty() ? Optional.empty() : Optional.of(chain.getLast()), snapshots.size(chain),
                        List.of(), List.of()),
                blobs, tag, repoDigest);
        return changed;
    }
}
