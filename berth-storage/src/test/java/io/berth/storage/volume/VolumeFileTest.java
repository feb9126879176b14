package io.berth.storage.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeFileTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("berth-volume-file-");
    }

    @AfterEach
    void deleteDir() throws IOException {
        TempDirs.delete(dir);
    }

    @Test
    void roundTripsAndReplacesWholeWithoutLeavingTemporaries() throws IOException {
        Path file = dir.resolve("volume.json");
        VolumeFile first = new VolumeFile("db", "local", "2025-11-22T10:15:30Z", Map.of("b", "2", "a", "1"),
                Map.of("size", "16M"));
        first.write(file);
        assertEquals(first, VolumeFile.read(file));
        VolumeFile second = new VolumeFile("db", "local", "2025-11-22T10:15:30Z", Map.of(), Map.of("size", "32M"));
        second.write(file);
        assertEquals(second, VolumeFile.read(file));
        try (var entries = Files.list(dir)) {
            assertEquals(1, entries.count(), "only volume.json is left");
        }
    }

    @Test
    void sortsMapsSoTheFileIsStable() throws IOException {
        Path file = dir.resolve("volume.json");
        new VolumeFile("db", "local", "2025-11-22T10:15:30Z", Map.of("b", "2", "a", "1"), Map.of()).write(file);
        String json = Files.readString(file);
        assertTrue(json.indexOf("\"a\"") < json.indexOf("\"b\""), json);
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> VolumeFile.read(dir.resolve("none.json")));
    }

    @Test
    void malformedFilesAreNamed() throws IOException {
        Path file = dir.resolve("volume.json");
        Files.writeString(file, "{\"name\":\"db\",\"driver\":\"local\"}");
        IOException e = assertThrows(IOException.class, () -> VolumeFile.read(file));
        assertEquals("malformed " + file + ": name, driver and createdAt are required", e.getMessage());
        Files.writeString(file, "{\"name\":\"db\",\"driver\":\"local\",\"createdAt\":\"yesterday\"}");
        e = assertThrows(IOException.class, () -> VolumeFile.read(file));
        assertEquals("malformed " + file + ": createdAt \"yesterday\" is not RFC 3339", e.getMessage());
        Files.writeString(file, "[");
        e = assertThrows(IOException.class, () -> VolumeFile.read(file));
        assertTrue(e.getMessage().startsWith("malformed " + file + ": "), e.getMessage());
    }
}
