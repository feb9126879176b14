package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.linux.Xattrs;
import io.berth.testing.TempDirs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A temporary directory holding the layer target and, beside it, an "outside" directory with a
 * sentinel file, so a test can prove an unpack wrote nothing outside the target.
 */
final class UnpackSandbox implements AutoCloseable {
    static final String SENTINEL_TEXT = "must stay untouched\n";

    final Path base;
    final Path target;
    final Path outside;
    final Path sentinel;
    private final Map<String, String> before;

    UnpackSandbox() throws IOException {
        base = Files.createTempDirectory("berth-layer-");
        target = Files.createDirectory(base.resolve("layer"));
        outside = Files.createDirectory(base.resolve("outside"));
        sentinel = Files.writeString(outside.resolve("sentinel"), SENTINEL_TEXT);
        before = outsideListing();
    }

    UnpackResult unpack(byte[] blob) throws IOException {
        return unpack(blob, LayerLimits.DEFAULT);
    }

    UnpackResult unpack(byte[] blob, LayerLimits limits) throws IOException {
        return new LayerUnpacker().unpack(new ByteArrayInputStream(blob), target, limits);
    }

    /** Empties the target for another unpack. */
    void resetTarget() throws IOException {
        TempDirs.delete(target);
        Files.createDirectory(target);
    }

    Path path(String name) {
        return target.resolve(name);
    }

    /** Everything under base except the target, with file contents: must not change. */
    Map<String, String> outsideListing() throws IOException {
        Map<String, String> listing = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.startsWith(target) && !p.equals(target)) {
                    continue;
                }
                String what = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        ? Files.readString(p) : Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p) : "dir";
                listing.put(base.relativize(p).toString(), what);
            }
        }
        return listing;
    }

    void assertNothingWrittenOutside() throws IOException {
        assertEquals(before, outsideListing());
        assertEquals(SENTINEL_TEXT, Files.readString(sentinel, StandardCharsets.UTF_8));
    }

    Optional<String> xattr(String name, String attribute) {
        return Xattrs.get(path(name).toString(), attribute).map(v -> new String(v, StandardCharsets.ISO_8859_1));
    }

    Map<String, Object> unix(String name) throws IOException {
        return Files.readAttributes(path(name), "unix:*", LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() throws IOException {
        TempDirs.delete(base);
    }
}
