package io.berth.storage.snapshot;

import java.nio.file.Path;

/**
 * A directory to fill (by unpacking a layer) before it is committed as a snapshot. It lives in the
 * snapshotter's staging area, so an interrupted unpack never looks like a snapshot.
 */
public record Staging(Path dir) {
    public Path fs() {
        return dir.resolve("fs");
    }
}
