package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ExecutionConfig;
import io.berth.image.manifest.HistoryEntry;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.manifest.MediaTypes;
import io.berth.storage.layer.LayerLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * docker import: a rootfs tarball becomes a one-layer image. The layer is stored gzip'ed; the
 * config has this machine's platform (or the one asked for), the changes given, and one history
 * entry, "Imported from -" as docker writes it for a tarball from a file or stdin.
 */
final class RootfsImporter {
    private final ContentStore content;
    private final ImageInstaller installer;
    private final Path scratch;

    RootfsImporter(ContentStore content, ImageInstaller installer, Path scratch) {
        this.content = content;
        this.installer = installer;
        this.scratch = scratch;
    }

    LoadedImage importRootfs(InputStream rootfs, ImportOptions options) throws IOException {
        ExecutionConfig execution = ConfigChanges.apply(options.changes()); // bad changes fail before any reading
        CompressedLayer layer = CompressedLayer.write(rootfs, scratch);
        try (InputStream in = Files.newInputStream(layer.file())) {
            ContentIngest.store(content, layer.blob(), layer.size(), in, "the rootfs tarball");
        } finally {
            Files.deleteIfExists(layer.file());
        }
        Instant now = Instant.now();
        ImageConfig config = new ImageConfig(now, null, options.platform().architecture(), options.platform().os(), null,
                List.of(), options.platform().variant(), execution, List.of(layer.diffId()),
                List.of(new HistoryEntry(now, null, null, options.message().orElse("Imported from -"), false)), Map.of());
        byte[] configBytes = ManifestCodec.write(config);
        Digest configDigest = content.put(configBytes);
        ImageManifest manifest = ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, layer.blob(), layer.size())));
        byte[] manifestBytes = ManifestCodec.write(manifest);
        Digest manifestDigest = content.put(manifestBytes);
        ImageToLoad image = new ImageToLoad(manifest, manifestDigest, MediaTypes.OCI_MANIFEST, manifestBytes.length,
                ManifestCodec.parseConfig(configBytes), List.of(), options.reference().stream().toList(),
                "the rootfs tarball");
        return installer.install(image, LayerLimits.DEFAULT);
    }
}
