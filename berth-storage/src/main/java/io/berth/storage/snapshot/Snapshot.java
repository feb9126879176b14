package io.berth.storage.snapshot;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One snapshot: a committed, read-only layer of a chain, or an active read-write layer on top of
 * one. {@code fs} is the directory overlayfs uses for it (a lower dir or the upper dir).
 */
public record Snapshot(Kind kind, String name, Optional<String> parent, Path dir) {
    public enum Kind { COMMITTED, ACTIVE }

    public Path fs() {
        return dir.resolve("fs");
    }
}
