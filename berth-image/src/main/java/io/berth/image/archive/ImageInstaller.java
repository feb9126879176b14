package io.berth.image.archive;

import io.berth.image.content.Digest;
import io.berth.image.reference.ImageReference;
import io.berth.image.store.ImageStore;
import io.berth.image.unpack.ImageRecorder;
import io.berth.image.unpack.LayerSnapshots;
import io.berth.image.unpack.StagedLayer;
import io.berth.storage.layer.LayerLimits;
import io.berth.storage.layer.LayerRejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last steps of load and import: unpack the layers into snapshots (a hostile or corrupt layer
 * is refused here, and its staging removed), record the image, point its tags at it. An image the
 * store has already is only tagged: its snapshots are there, and its manifest (the registry's, if
 * it was pulled) stays the one push and save use.
 */
final class ImageInstaller {
    private final ImageStore images;
    private final LayerSnapshots snapshots;
    private final ImageRecorder recorder;

    ImageInstaller(ImageStore images, LayerSnapshots snapshots, ImageRecorder recorder) {
        this.images = images;
        this.snapshots = snapshots;
        this.recorder = recorder;
    }

    LoadedImage install(ImageToLoad image, LayerLimits limits) throws IOException {
        Digest id = image.id();
        if (images.get(id).isEmpty()) {
            unpack(image, limits);
            recorder.record(image.manifest(), image.manifestDigest(), image.manifestMediaType(), image.manifestSize(),
                    image.config(), image.otherBlobs(), Optional.empty(), Optional.empty());
        }
        List<LoadedImage.DisplacedTag> displaced = new ArrayList<>();
        for (ImageReference tag : image.tags()) {
            Optional<Digest> before = images.byTag(tag.toString());
            images.tag(id, tag.toString());
            before.filter(previous -> !previous.equals(id))
                    .ifPresent(previous -> displaced.add(new LoadedImage.DisplacedTag(tag, previous)));
        }
        return new LoadedImage(id, image.tags(), displaced);
    }

    /** Like {@link LayerSnapshots#ensure}, but an error names the image and the layer that failed. */
    private void unpack(ImageToLoad image, LayerLimits limits) throws IOException {
        List<Digest> diffIds = image.config().diffIds();
        List<String> names = LayerSnapshots.names(diffIds);
        List<StagedLayer> staged = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i++) {
                Digest blob = image.manifest().layers().get(i).digest();
                try {
                    staged.add(snapshots.exists(names.get(i)) ? StagedLayer.existing(names.get(i))
                            : snapshots.stage(blob, diffIds.get(i), names.get(i), limits));
                } catch (LayerRejectedException e) {
                    throw new ArchiveException(image.description() + " layer " + (i + 1) + " of " + names.size()
                            + " (" + blob.shortHex() + ") is refused: " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new ArchiveException(image.description() + " layer " + (i + 1) + " of " + names.size()
                            + " (" + blob.shortHex() + "): " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            snapshots.discard(staged);
            throw e;
        }
        snapshots.commitChain(staged);
    }
}
