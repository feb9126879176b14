package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageIndex;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.manifest.MediaTypes;
import io.berth.image.reference.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes what docker save (moby 25 and later, image/tarexport) writes: an OCI image layout whose
 * layers are the uncompressed tars, named by diff ID, plus manifest.json and the legacy
 * repositories file for docker load. Members come in the order docker's tar has them: blobs by
 * name, then index.json, manifest.json, oci-layout, repositories. The store keeps layers
 * compressed, so each is decompressed twice: once to learn its size (a tar header comes before
 * the data) and check its diff ID, once to write it. The OCI manifest made for the archive
 * differs from the registry's (uncompressed layer media types), as docker's does.
 */
final class DockerArchiveWriter {
    private final ContentStore content;

    DockerArchiveWriter(ContentStore content) {
        this.content = content;
    }

    void write(List<SavedImage> images, LayoutSink sink) throws IOException {
        Map<String, LayoutBlob> blobs = new TreeMap<>();
        List<Descriptor> indexEntries = new ArrayList<>();
        List<DockerManifestItem> items = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new TreeMap<>();
        for (SavedImage image : images) {
            List<Descriptor> layers = new ArrayList<>();
            List<String> layerNames = new ArrayList<>();
            for (int i = 0; i < image.manifest().layers().size(); i++) {
                Digest blob = image.manifest().layers().get(i).digest();
                Digest diffId = image.config().diffIds().get(i);
                long size = StoredLayers.uncompressedSize(content, blob, diffId);
                String name = ArchiveNames.blobName(diffId);
                blobs.put(name, new LayoutBlob(name, size, () -> StoredLayers.openUncompressed(content, blob)));
                layers.add(Descriptor.of(MediaTypes.OCI_LAYER, diffId, size));
                layerNames.add(name);
            }
            Digest id = image.record().id();
            String configName = ArchiveNames.blobName(id);
            byte[] config = image.configBytes();
            blobs.put(configName, new LayoutBlob(configName, config.length, () -> new ByteArrayInputStream(config)));
            byte[] manifest = ManifestCodec.write(ImageManifest.oci(
                    Descriptor.of(MediaTypes.OCI_CONFIG, id, config.length).withPlatform(image.config().platform()), layers));
            Digest manifestDigest = Digest.sha256(manifest);
            String manifestName = ArchiveNames.blobName(manifestDigest);
            blobs.put(manifestName, new LayoutBlob(manifestName, manifest.length, () -> new ByteArrayInputStream(manifest)));

            Descriptor entry = Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length)
                    .withPlatform(image.config().platform());
            if (image.tags().isEmpty()) {
                indexEntries.add(entry);
            }
            for (ImageReference tag : image.tags()) {
                // docker's names: containerd's annotation has the full name, the OCI one the tag alone
                indexEntries.add(entry.withAnnotations(Map.of(LayoutNames.CONTAINERD_NAME, tag.toString(),
                        LayoutNames.REF_NAME, tag.tag())));
                if (!layerNames.isEmpty()) {
                    repositories.computeIfAbsent(tag.familiarName(), n -> new TreeMap<>())
                            .put(tag.tag(), image.config().diffIds().getLast().hex());
                }
            }
            items.add(new DockerManifestItem(configName, image.tags().stream().map(ImageReference::familiarString).toList(),
                    layerNames));
        }
        OciLayout.writeBlobs(sink, blobs.values());
        sink.file(OciLayoutImages.FILE, ManifestCodec.write(ImageIndex.oci(indexEntries)));
        sink.file(DockerManifestJson.FILE, DockerManifestJson.write(items));
        sink.file(OciLayout.MARKER, OciLayout.MARKER_CONTENT);
        if (!repositories.isEmpty()) {
            sink.file("repositories", DockerManifestJson.writeRepositories(repositories));
        }
        sink.finish();
    }
}
