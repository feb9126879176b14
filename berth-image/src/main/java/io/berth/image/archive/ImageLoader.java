package io.berth.image.archive;

import io.berth.storage.layer.LayerLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * docker load: reads what images an archive holds (manifest.json if it has one, as docker does,
 * else the OCI layout's index.json), checks every blob of every image before any layer is
 * unpacked, then installs them one after another.
 */
final class ImageLoader {
    private final ImageInstaller installer;

    ImageLoader(ImageInstaller installer) {
        this.installer = installer;
    }

    List<LoadedImage> load(ArchiveSource source, LoadOptions options) throws IOException {
        List<ImageToLoad> images = images(source, options);
        LayerLimits limits = LayerLimits.DEFAULT.withMaxUnpackedBytes(options.maxLayerBytes());
        List<LoadedImage> loaded = new ArrayList<>();
        for (ImageToLoad image : images) {
            loaded.add(installer.install(image, limits));
        }
        return loaded;
    }

    private static List<ImageToLoad> images(ArchiveSource source, LoadOptions options) throws IOException {
        Optional<byte[]> dockerManifest = source.metadata(DockerManifestJson.FILE);
        if (dockerManifest.isPresent()) {
            return DockerArchiveImages.read(source, dockerManifest.get());
        }
        Optional<byte[]> index = source.metadata(OciLayoutImages.FILE);
        if (index.isPresent()) {
            return OciLayoutImages.read(source, index.get(), options.platform());
        }
        throw new ArchiveException("the archive has neither manifest.json (docker save) nor index.json (an OCI image"
                + " layout); it may be truncated, or written by a docker older than 1.10, which Berth cannot load");
    }
}
