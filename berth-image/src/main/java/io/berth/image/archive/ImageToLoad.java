package io.berth.image.archive;

import io.berth.image.content.Digest;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.reference.ImageReference;
import java.util.List;

/**
 * An image whose manifest, config and layer blobs are all in the content store, checked and ready
 * to unpack and record.
 *
 * @param otherBlobs  blobs the image keeps besides manifest, config and layers (the index it was chosen from)
 * @param tags        the names the archive gives it
 * @param description how errors name it ("manifest.json[0] (busybox:latest)")
 */
record ImageToLoad(ImageManifest manifest, Digest manifestDigest, String manifestMediaType, long manifestSize,
                   ImageConfig config, List<Digest> otherBlobs, List<ImageReference> tags, String description) {
    ImageToLoad {
        otherBlobs = List.copyOf(otherBlobs);
        tags = List.copyOf(tags);
    }

    Digest id() {
        return manifest.config().digest();
    }
}
