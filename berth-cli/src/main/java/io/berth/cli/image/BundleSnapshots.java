package io.berth.cli.image;

import io.berth.image.content.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The snapshot behind a bundle is named after the bundle's absolute path, so unbundle finds it
 * from the directory alone and leaves nothing of Berth's in it.
 */
final class BundleSnapshots {
    private BundleSnapshots() {
    }

    static String name(Path bundle) {
        return "bundle-" + Digest.sha256(bundle.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8))
                .hex().substring(0, 32);
    }
}
