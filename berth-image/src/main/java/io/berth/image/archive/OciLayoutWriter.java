package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageIndex;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.reference.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an OCI image layout (oci-archive, oci-dir) of the blobs exactly as stored: the manifest
 * the image was pulled or loaded with, its config, its layers compressed as they are, so the
 * image keeps its digest. index.json has one entry per tag, named as skopeo names images (the
 * full reference in {@code org.opencontainers.image.ref.name}) and as containerd does
 * ({@code io.containerd.image.name}), so both kinds of loader find the name.
 */
final class OciLayoutWriter {
    private final ContentStore content;

    OciLayoutWriter(ContentStore content) {
        this.content = content;
    }

    void write(List<SavedImage> images, LayoutSink sink) throws IOException {
        Map<String, LayoutBlob> blobs = new TreeMap<>();
        List<Descriptor> entries = new ArrayList<>();
        for (SavedImage image : images) {
            add(blobs, image.record().manifestDigest(), image.record().manifestSize());
            add(blobs, image.manifest().config().digest(), image.manifest().config().size());
            image.manifest().layers().forEach(layer -> add(blobs, layer.digest(), layer.size()));
            Descriptor entry = Descriptor.of(image.record().manifestMediaType(), image.record().manifestDigest(),
                    image.record().manifestSize()).withPlatform(image.config().platform());
            if (image.tags().isEmpty()) {
                entries.add(entry);
            }
            for (ImageReference tag : image.tags()) {
                entries.add(entry.withAnnotations(Map.of(LayoutNames.REF_NAME, tag.toString(),
                        LayoutNames.CONTAINERD_NAME, tag.toString())));
            }
        }
        sink.file(OciLayout.MARKER, OciLayout.MARKER_CONTENT);
        OciLayout.writeBlobs(sink, blobs.values());
        sink.file(OciLayoutImages.FILE, ManifestCodec.write(ImageIndex.oci(entries)));
        sink.finish();
    }

    private void add(Map<String, LayoutBlob> blobs, Digest digest, long size) {
        String name = ArchiveNames.blobName(digest);
        blobs.putIfAbsent(name, new LayoutBlob(name, size, () -> content.open(digest)));
    }
}
