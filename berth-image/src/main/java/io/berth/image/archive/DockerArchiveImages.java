package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.manifest.MediaTypes;
import io.berth.image.reference.ImageReference;
import io.berth.image.reference.InvalidReferenceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of a docker-archive, from its manifest.json: both docker save's current layout (an OCI
 * layout inside, layers at {@code blobs/sha256/DIFFID}) and the old one ({@code ID/layer.tar},
 * {@code HEX.json}; skopeo writes this one still). An archive carries no registry manifest, so one
 * is made: an OCI manifest naming the layers as they are stored, uncompressed tars usually.
 */
final class DockerArchiveImages {
    private DockerArchiveImages() {}

    static List<ImageToLoad> read(ArchiveSource source, byte[] manifestJson) throws IOException {
        List<DockerManifestItem> items = DockerManifestJson.parse(manifestJson);
        List<ImageToLoad> images = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            images.add(image(source, items.get(i), DockerManifestJson.FILE + "[" + i + "]"));
        }
        return images;
    }

    private static ImageToLoad image(ArchiveSource source, DockerManifestItem item, String where) throws IOException {
        ContentStore content = source.content();
        List<ImageReference> tags = tags(item.repoTags(), where);
        String description = where + (tags.isEmpty() ? "" : " (" + tags.getFirst().familiarString() + ")");
        Digest configDigest = source.ingest(item.config(), where + " Config");
        byte[] configBytes = content.read(configDigest);
        ImageConfig config = parseConfig(configBytes, description + " config " + item.config());
        if (config.diffIds().size() != item.layers().size()) {
            throw new ArchiveException(description + ": the image config lists " + config.diffIds().size()
                    + " layers (rootfs.diff_ids) but Layers names " + item.layers().size());
        }
        List<Descriptor> layers = new ArrayList<>();
        for (int j = 0; j < item.layers().size(); j++) {
            Digest blob = source.ingest(item.layers().get(j), where + " Layers[" + j + "]");
            layers.add(Descriptor.of(StoredLayers.mediaType(content, blob), blob,
                    content.size(blob).orElseThrow()));
        }
        ImageManifest manifest = ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length),
                layers);
        byte[] manifestBytes = ManifestCodec.write(manifest);
        Digest manifestDigest = content.put(manifestBytes);
        return new ImageToLoad(manifest, manifestDigest, MediaTypes.OCI_MANIFEST, manifestBytes.length, config,
                List.of(), tags, description);
    }

    static ImageConfig parseConfig(byte[] bytes, String what) throws ArchiveException {
        try {
            return ManifestCodec.parseConfig(bytes);
        } catch (IllegalArgumentException e) { // ImageFormatException, or a config without os or architecture
            throw new ArchiveException(what + " is not a valid image config: " + e.getMessage(), e);
        }
    }

    private static List<ImageReference> tags(List<String> repoTags, String where) throws ArchiveException {
        List<ImageReference> tags = new ArrayList<>();
        for (String text : repoTags) {
            ImageReference ref;
            try {
                ref = ImageReference.parse(text);
            } catch (InvalidReferenceException e) {
                throw new ArchiveException(where + " RepoTags: \"" + text + "\" is not a valid image name: "
                        + e.getMessage(), e);
            }
            if (ref.digest() != null || !text.contains(":") || text.lastIndexOf(':') < text.lastIndexOf('/')) {
                throw new ArchiveException(where + " RepoTags: \"" + text + "\" is not a name:tag");
            }
            tags.add(ref);
        }
        return tags;
    }
}
