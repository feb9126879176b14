package io.berth.testing.image;

import io.berth.testing.registry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** An OCI image layout directory on disk, holding one image or index, optionally under a ref name. */
public record OciLayout(Path dir, Optional<String> refName) {
    /** The skopeo source reference: {@code oci:DIR:NAME}, or {@code oci:DIR} for the layout's only image. */
    public String skopeoReference() {
        return "oci:" + dir + refName.map(name -> ":" + name).orElse("");
    }

    /** Pushes as built ({@link PushFormat#OCI}) to {@code registry} as {@code repo:tag}; digests are preserved. */
    public void pushTo(LocalRegistry registry, String repoAndTag) throws IOException {
        pushTo(registry, repoAndTag, PushFormat.OCI);
    }

    /** Pushes with skopeo, every platform of an index included, with the registry's credentials if it has any. */
    public void pushTo(LocalRegistry registry, String repoAndTag, PushFormat format) throws IOException {
        Skopeo.push(this, registry, repoAndTag, format);
    }
}
