package io.berth.image.archive;

import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageFormatException;
import io.berth.image.manifest.ImageIndex;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.Manifest;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.manifest.MediaTypes;
import io.berth.image.manifest.NoMatchingPlatformException;
import io.berth.image.manifest.Platform;
import io.berth.image.manifest.PlatformSelector;
import io.berth.image.reference.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The images of an OCI image layout, from its index.json: every entry that is an image manifest,
 * and for an entry that is an index (a multi-platform image) the manifest for the wanted platform.
 * Entries that are not container images (signatures, attestations) are passed over. The layout's
 * own manifests are kept as they are, so an image keeps the digest a registry knows it by.
 */
final class OciLayoutImages {
    static final String FILE = "index.json";

    private OciLayoutImages() {}

    static List<ImageToLoad> read(ArchiveSource source, byte[] indexJson, Platform platform) throws IOException {
        Manifest top = parse(indexJson, MediaTypes.OCI_INDEX, FILE);
        if (!(top instanceof ImageIndex index)) {
            throw new ArchiveException(FILE + " is an image manifest, not the index of an OCI image layout");
        }
        List<ImageToLoad> images = new ArrayList<>();
        for (int i = 0; i < index.manifests().size(); i++) {
            image(source, index.manifests().get(i), FILE + " manifests[" + i + "]", platform).ifPresent(images::add);
        }
        if (images.isEmpty()) {
            throw new ArchiveException(FILE + " lists no container image (" + index.manifests().size() + " entries)");
        }
        return images;
    }

    private static Optional<ImageToLoad> image(ArchiveSource source, Descriptor entry, String where, Platform platform)
            throws IOException {
        Optional<ImageReference> name = LayoutNames.of(entry.annotations());
        String description = where + name.map(n -> " (" + n.familiarString() + ")").orElse("");
        Descriptor chosen = entry;
        List<Digest> others = new ArrayList<>();
        if (MediaTypes.isIndex(entry.mediaType())) {
            Manifest nested = parse(read(source, entry, description), entry.mediaType(), description);
            if (!(nested instanceof ImageIndex nestedIndex)) {
                throw new ArchiveException(description + " says it is an index but is an image manifest");
            }
            try {
                chosen = new PlatformSelector(platform).select(nestedIndex);
            } catch (NoMatchingPlatformException e) {
                throw new ArchiveException(description + ": " + e.getMessage(), e);
            }
            others.add(entry.digest());
        } else if (!MediaTypes.isManifest(entry.mediaType())) {
            return Optional.empty();
        }
        String manifestWhere = description + " manifest " + chosen.digest().shortHex();
        byte[] manifestBytes = read(source, chosen, manifestWhere);
        if (!(parse(manifestBytes, chosen.mediaType(), manifestWhere) instanceof ImageManifest manifest)) {
            throw new ArchiveException(manifestWhere + " is an index, nested in an index");
        }
        if (!manifest.isContainerImage()) {
            return Optional.empty();
        }
        ImageConfig config = DockerArchiveImages.parseConfig(read(source, manifest.config(), manifestWhere + " config"),
                manifestWhere + " config");
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new ArchiveException(manifestWhere + ": the image config lists " + config.diffIds().size()
                    + " layers (rootfs.diff_ids) but the manifest has " + manifest.layers().size());
        }
        for (int j = 0; j < manifest.layers().size(); j++) {
            Descriptor layer = manifest.layers().get(j);
            if (!MediaTypes.isLayer(layer.mediaType())) {
                throw new ArchiveException(manifestWhere + " layers[" + j + "] has media type " + layer.mediaType()
                        + ", which is not a layer Berth can unpack");
            }
            source.blob(layer, manifestWhere + " layers[" + j + "]");
        }
        return Optional.of(new ImageToLoad(manifest, chosen.digest(), chosen.mediaType(), chosen.size(), config, others,
                name.stream().toList(), description));
    }

    private static byte[] read(ArchiveSource source, Descriptor descriptor, String role) throws IOException {
        return source.content().read(source.blob(descriptor, role));
    }

    private static Manifest parse(byte[] json, String mediaType, String what) throws ArchiveException {
        try {
            return ManifestCodec.parse(json, mediaType);
        } catch (ImageFormatException e) {
            throw new ArchiveException(what + ": " + e.getMessage(), e);
        }
    }
}
