package io.berth.testing.image;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A multi-platform test image: an OCI image index over one image per platform. */
public record OciImageIndex(byte[] index, List<OciImage> images) implements OciContent {
    public OciImageIndex {
        images = List.copyOf(images);
    }

    /** An index listing {@code images} in order, each with its platform. */
    public static OciImageIndex of(OciImage... images) {
        if (images.length == 0) {
            throw new IllegalArgumentException("an image index needs at least one image");
        }
        List<OciJson.Descriptor> manifests = Arrays.stream(images)
                .map(image -> new OciJson.Descriptor(image.mediaType(), image.digest(), image.size(),
                        image.platform().wire(), null))
                .toList();
        byte[] index = OciJson.bytes(new OciJson.Index(2, OciJson.INDEX, manifests));
        return new OciImageIndex(index, List.of(images));
    }

    @Override
    public String mediaType() {
        return OciJson.INDEX;
    }

    @Override
    public String digest() {
        return Sha256.of(index);
    }

    @Override
    public long size() {
        return index.length;
    }

    @Override
    public Map<String, byte[]> blobs() {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        images.forEach(image -> blobs.putAll(image.blobs()));
        blobs.put(digest(), index);
        return blobs;
    }

    @Override
    public String toString() {
        return "OciImageIndex[" + digest() + ", " + images.stream().map(OciImage::platform).toList() + "]";
    }
}
