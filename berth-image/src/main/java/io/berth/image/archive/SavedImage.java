package io.berth.image.archive;

import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.reference.ImageReference;
import io.berth.image.store.ImageRecord;
import java.util.List;

/**
 * An image to save, with the config bytes as stored (its digest is the image ID) and the tags the
 * archive is to give it: those the user named it by, none if it was named by ID or digest.
 */
record SavedImage(ImageRecord record, ImageManifest manifest, byte[] configBytes, ImageConfig config,
                  List<ImageReference> tags) {
    SavedImage {
        tags = List.copyOf(tags);
    }
}
