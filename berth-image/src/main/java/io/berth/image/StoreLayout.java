package io.berth.image;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a Berth store keeps things. The root is {@code --root}, else {@code $BERTH_ROOT}, else
 * /var/lib/berth; every path hangs off it so tests can run stores side by side.
 * <pre>
 * ROOT/content/      blobs by digest (ContentStore)
 * ROOT/snapshots/    layer and container snapshots (OverlaySnapshotter)
 * ROOT/volumes/      named volumes (VolumeStore)
 * ROOT/berth.db      the state database (SQLite)
 * </pre>
 */
public record StoreLayout(Path root) {
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/berth");

    public static StoreLayout resolve(Path rootOption, Map<String, String> env) {
        if (rootOption != null) {
            return new StoreLayout(rootOption.toAbsolutePath());
        }
        String fromEnv = env.get("BERTH_ROOT");
        return new StoreLayout(fromEnv != null && !fromEnv.isEmpty() ? Path.of(fromEnv).toAbsolutePath() : DEFAULT_ROOT);
    }

    public Path content() {
        return root.resolve("content");
    }

    public Path snapshots() {
        return root.resolve("snapshots");
    }

    public Path volumes() {
        return root.resolve("volumes");
    }

    public Path database() {
        return root.resolve("berth.db");
    }
}
