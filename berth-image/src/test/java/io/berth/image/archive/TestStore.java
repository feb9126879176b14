package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.image.ImageService;
import io.berth.image.StoreLayout;
import io.berth.image.registry.DockerConfigCredentials;
import io.berth.image.registry.RegistryClients;
import io.berth.testing.TempDirs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** A store of its own in a temporary directory, and what a test asks of it. */
final class TestStore implements AutoCloseable {
    final Path root;
    final ImageService images;
    final ImageArchives archives;

    TestStore() throws IOException {
        root = Files.createTempDirectory("berth-archive-it-");
        images = new ImageService(new StoreLayout(root), new RegistryClients(DockerConfigCredentials.fromEnvironment(Map.of()),
                Set.of()));
        archives = new ImageArchives(images);
    }

    List<LoadedImage> load(byte[] archive) throws IOException {
        return archives.load(new ByteArrayInputStream(archive), LoadOptions.defaults());
    }

    /** After a refused load: no image recorded, no snapshot, nothing staged or spooled. */
    void assertNothingLeft() throws IOException {
        assertEquals(List.of(), images.list(), "no image is recorded");
        assertEquals(List.of(), images.snapshotter().list(), "no snapshot is left");
        assertEquals(List.of(), children(root.resolve("snapshots/staging")), "no staging is left");
        assertEquals(List.of(), children(root.resolve("tmp")), "no spooled archive member is left");
    }

    static List<String> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        images.close();
        TempDirs.delete(root);
    }
}
