package io.berth.storage.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.storage.volume.VolumeException.Reason;
import io.berth.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link VolumeStore} with plain directory volumes, which need no root and no loop devices. */
class PlainVolumeStoreTest {
    private static final Instant NOW = Instant.parse("2025-11-22T10:15:30.123Z");
    private Path root;
    private VolumeStore store;

    @BeforeEach
    void makeStore() throws Exception {
        root = Files.createTempDirectory("berth-volumes-test-");
        store = new VolumeStore(root, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void deleteStore() throws Exception {
        TempDirs.delete(root);
    }

    @Test
    void createsADockerLikeDirectoryVolume() throws Exception {
        Volume v = store.create("web-data", Optional.empty(), Map.of("team", "blue"), Map.of());
        Path dir = root.resolve("volumes/web-data");
        assertEquals(new Volume("web-data", "local", dir.resolve("_data"), Instant.parse("2025-11-22T10:15:30Z"),
                Map.of("team", "blue"), Map.of(), "local", OptionalLong.empty(), true, Optional.empty()), v);
        assertTrue(Files.isDirectory(dir.resolve("_data")));
        assertFalse(Files.exists(dir.resolve("disk.img")));
        String json = Files.readString(dir.resolve("volume.json"));
        assertTrue(json.contains("\"createdAt\" : \"2025-11-22T10:15:30Z\""), json);
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("volumes"))));
        assertEquals(v, store.inspect("web-data"));
        assertEquals(List.of(v), store.list());
    }

    @Test
    void anEmptyNameGetsARandomOne() {
        Volume v = store.create("", Optional.empty(), Map.of(), Map.of());
        assertTrue(v.name().matches("[0-9a-f]{64}"), v.name());
    }

    @Test
    void createTwiceWithTheSameOptionsReturnsTheFirst() {
        Volume first = store.create("cache", Optional.empty(), Map.of("a", "1"), Map.of());
        Volume again = new VolumeStore(root, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC))
                .create("cache", Optional.empty(), Map.of("b", "2"), Map.of());
        assertEquals(first, again);
    }

    @Test
    void createTwiceWithADifferentSizeIsAConflict() {
        store.create("cache", Optional.empty(), Map.of(), Map.of());
        VolumeException e = assertThrows(VolumeException.class,
                () -> store.create("cache", Optional.of("16M"), Map.of(), Map.of()));
        assertEquals(Reason.CONFLICT, e.reason());
        assertEquals("volume cache already exists with options {}, not {size=16M}", e.getMessage());
    }

    @Test
    void aDirectoryThatIsNotAVolumeBlocksTheName() throws Exception {
        Files.createDirectories(root.resolve("volumes/stray"));
        VolumeException e = assertThrows(VolumeException.class,
                () -> store.create("stray", Optional.empty(), Map.of(), Map.of()));
        assertEquals(Reason.CONFLICT, e.reason());
        assertTrue(e.getMessage().endsWith("stray exists but is not a volume (it has no volume.json);"
                + " move it away to use the name stray"), e.getMessage());
        assertEquals(List.of(), store.list());
    }

    @Test
    void removeDeletesTheDataToo() throws Exception {
        Volume v = store.create("scratch", Optional.empty(), Map.of(), Map.of());
        Files.writeString(v.mountpoint().resolve("file"), "x");
        Files.createDirectories(v.mountpoint().resolve("deep/er"));
        store.remove("scratch");
        assertEquals(List.of(), entries());
        VolumeException e = assertThrows(VolumeException.class, () -> store.inspect("scratch"));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertEquals("no such volume: scratch", e.getMessage());
    }

    @Test
    void badRequestsSayWhatIsWrongAndLeaveNothing() throws Exception {
        assertRefused(Reason.INVALID, "\"../etc\" includes invalid characters",
                () -> store.create("../etc", Optional.empty(), Map.of(), Map.of()));
        assertRefused(Reason.INVALID, "invalid option \"o\" for volume v1",
                () -> store.create("v1", Optional.empty(), Map.of(), Map.of("o", "bind")));
        assertRefused(Reason.INVALID, "volume v1: invalid size \"big\"",
                () -> store.create("v1", Optional.of("big"), Map.of(), Map.of()));
        assertRefused(Reason.INVALID, "volume v1: size 1 MiB (1048576 bytes) is below the minimum of 4 MiB",
                () -> store.create("v1", Optional.of("1M"), Map.of(), Map.of()));
        assertRefused(Reason.NOT_FOUND, "no such volume: ghost", () -> store.remove("ghost"));
        assertRefused(Reason.INVALID, "\"a/b\" includes invalid characters", () -> store.remove("a/b"));
        assertRefused(Reason.NOT_FOUND, "no such volume: ghost", () -> store.ensureMounted("ghost"));
        store.create("plain", Optional.empty(), Map.of(), Map.of());
        assertRefused(Reason.INVALID, "volume plain has no size limit", () -> store.resize("plain", "1G"));
        assertEquals(List.of(root.resolve("volumes/plain")), entries());
    }

    @Test
    void aBrokenVolumeStaysOutOfTheListAndInspectSaysWhy() throws Exception {
        store.create("good", Optional.empty(), Map.of(), Map.of());
        store.create("bad", Optional.empty(), Map.of(), Map.of());
        Files.writeString(root.resolve("volumes/bad/volume.json"), "{not json");
        assertEquals(List.of("good"), store.list().stream().map(Volume::name).toList());
        VolumeException e = assertThrows(VolumeException.class, () -> store.inspect("bad"));
        assertEquals(Reason.FAILED, e.reason());
        assertTrue(e.getMessage().startsWith("volume bad: cannot read " + root.resolve("volumes/bad/volume.json")),
                e.getMessage());
        store.remove("bad");
        assertEquals(List.of(root.resolve("volumes/good")), entries());
    }

    private List<Path> entries() throws Exception {
        try (var s = Files.list(root.resolve("volumes"))) {
            return s.sorted().toList();
        }
    }

    static void assertRefused(Reason reason, String messageStart, org.junit.jupiter.api.function.Executable call) {
        VolumeException e = assertThrows(VolumeException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}
