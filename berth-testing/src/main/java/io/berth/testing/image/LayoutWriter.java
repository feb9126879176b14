package io.berth.testing.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes an OCI image layout (image-layout.md): {@code oci-layout}, {@code blobs/sha256/HEX} and an
 * {@code index.json} with one entry pointing at the content, optionally annotated with a ref name
 * (which {@code skopeo}'s {@code oci:DIR:NAME} and {@code umoci}'s {@code DIR:NAME} look up).
 */
final class LayoutWriter {
    private LayoutWriter() {}

    static OciLayout write(Path dir, OciContent content, Optional<String> refName) throws IOException {
        requireEmpty(dir);
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        for (Map.Entry<String, byte[]> blob : content.blobs().entrySet()) {
            Files.write(blobs.resolve(blob.getKey().substring("sha256:".length())), blob.getValue());
        }
        Map<String, String> annotations = refName.map(name -> Map.of(OciJson.REF_NAME, name)).orElse(null);
        OciJson.Platform platform = content instanceof OciImage image ? image.platform().wire() : null;
        OciJson.Descriptor top = new OciJson.Descriptor(content.mediaType(), content.digest(), content.size(),
                platform, annotations);
        Files.write(dir.resolve("index.json"), OciJson.bytes(new OciJson.Index(2, OciJson.INDEX, List.of(top))));
        Files.write(dir.resolve("oci-layout"), OciJson.bytes(new OciJson.LayoutMarker("1.0.0")));
        return new OciLayout(dir, refName);
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            if (children.findAny().isPresent()) {
                throw new IOException("cannot write an OCI layout into " + dir + ": the directory is not empty");
            }
        }
    }
}
