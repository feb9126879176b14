package io.berth.testing.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Something an OCI layout can hold under one name: a single-platform image or a multi-platform index. */
public sealed interface OciContent permits OciImage, OciImageIndex {
    /** The media type of the top-level manifest or index. */
    String mediaType();

    /** The digest of the top-level manifest or index: what a registry reports after a digest-preserving push. */
    String digest();

    long size();

    /** Every blob, by digest, including the top-level one. */
    Map<String, byte[]> blobs();

    /** Writes an OCI image layout at {@code dir} (created, or empty) whose index.json names this content {@code refName}. */
    default OciLayout writeLayout(Path dir, String refName) throws IOException {
        return LayoutWriter.write(dir, this, Optional.of(refName));
    }

    /** Writes an OCI image layout whose index.json lists this content without a ref name annotation. */
    default OciLayout writeLayout(Path dir) throws IOException {
        return LayoutWriter.write(dir, this, Optional.empty());
    }
}
