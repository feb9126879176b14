package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.image.HostileLayer;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.TestImages;
import io.berth.testing.registry.LocalRegistry;
import io.berth.testing.registry.RegistryWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile layers through the whole pull: each one is refused before the image is recorded, naming
 * the entry, or (absolute names) confined to the layer, as the unpacker promises (berth-storage
 * README, "Hostile layers"). A refusal leaves no image, no committed snapshot and no staging; the
 * layer blob may stay in the content store. No canary ever lands outside the store. Decompression
 * bombs unpack when no cap is set and are refused by {@code --max-layer-size} or
 * {@code $BERTH_MAX_LAYER_SIZE}, with a message naming the setting.
 */
@RequiresRoot
class HostileImageIT {
    private static final Path HOST_CANARY = Path.of("/etc", HostileLayer.CANARY);
    private static final Map<HostileLayer, OciImage> IMAGES = new EnumMap<>(HostileLayer.class);
    private static RegistryWorkspace space;
    private static LocalRegistry registry;
    private static Path work;

    @BeforeAll
    static void pushHostileImages() throws IOException {
        space = RegistryWorkspace.start("berth-hostile-it-");
        registry = space.registry();
        work = space.work();
        for (HostileLayer kind : HostileLayer.values()) {
            OciImage image = TestImages.hostile(kind);
            image.writeLayout(work.resolve("layouts/" + kind), "latest").pushTo(registry, repo(kind));
            IMAGES.put(kind, image);
        }
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        if (space != null) {
            space.close();
        }
    }

    @BeforeEach
    void noCanaryYet() {
        assertFalse(Files.exists(HOST_CANARY, LinkOption.NOFOLLOW_LINKS),
                HOST_CANARY + " exists before the test, so it cannot tell whether Berth wrote it; delete it");
    }

    /**
     * The refusal each kind gets, per the unpacker's rules: empty for the kinds that are confined
     * (absolute names) or simply unpacked (bombs, with no cap).
     */
    private static Optional<String> refusal(HostileLayer kind) {
        String canary = HostileLayer.CANARY;
        return switch (kind) {
            case DOT_DOT_NAME -> Optional.of("layer entry \"../" + canary + "\": path climbs out of the layer root");
            case HARDLINK_OUTSIDE ->
                    Optional.of("layer entry \"passwd\": hardlink target \"../../etc/passwd\" climbs out of the layer root");
            case SYMLINK_WRITE_THROUGH -> Optional.of("layer entry \"evil/" + canary
                    + "\": path component \"evil\" is a symlink, and Berth follows none while unpacking");
            case SYMLINK_CLIMB_WRITE_THROUGH -> Optional.of("layer entry \"up/" + canary
                    + "\": path component \"up\" is a symlink, and Berth follows none while unpacking");
            case WHITEOUT_ESCAPE -> Optional.of("layer entry \"../.wh." + canary + "\": path climbs out of the layer root");
            case ABSOLUTE_NAME, GZIP_BOMB, ZSTD_BOMB -> Optional.empty();
        };
    }

    @ParameterizedTest
    @EnumSource(HostileLayer.class)
    void eachHostileLayerIsRefusedNamingTheEntryOrKeptInside(HostileLayer kind) throws IOException {
        BerthCli berth = store(kind + "-plain");
        Command.Result pull = berth.run("image", "pull", "-q", reference(kind));
        Optional<String> refusal = refusal(kind);
        if (refusal.isPresent()) {
            assertEquals(1, pull.exitCode(), kind + " must be refused; stdout: " + pull.stdoutText());
            assertTrue(pull.stderr().contains(refusal.get()), kind + ": " + pull.stderr());
            assertNothingRecorded(berth, kind);
        } else {
            assertEquals(0, pull.exitCode(), kind + ": " + pull.stderr());
            assertEquals(IMAGES.get(kind).configDigest().substring(7, 19), berth.check("image", "ls", "-q").stdoutText().strip());
        }
        Path layer = committed(berth, kind).resolve("fs");
        switch (kind) {
            case ABSOLUTE_NAME -> assertEquals("escaped by an absolute name\n",
                    Files.readString(layer.resolve("etc/" + HostileLayer.CANARY)), "the absolute name lands inside the layer");
            case GZIP_BOMB, ZSTD_BOMB -> assertEquals(HostileLayer.BOMB_FILE_SIZE, Files.size(layer.resolve("zeros")));
            default -> { }
        }
        assertNoCanaryOutside(kind);
    }

    @ParameterizedTest
    @EnumSource(value = HostileLayer.class, names = {"GZIP_BOMB", "ZSTD_BOMB"})
    void bombsAreRefusedByTheOptionNamingIt(HostileLayer kind) throws IOException {
        BerthCli berth = store(kind + "-option");
        Command.Result pull = berth.run("image", "pull", "-q", "--max-layer-size", "16M", reference(kind));
        assertOverCap(pull, kind, "(the limit set by --max-layer-size 16M)");
        assertNothingRecorded(berth, kind);
    }

    @ParameterizedTest
    @EnumSource(value = HostileLayer.class, names = {"GZIP_BOMB", "ZSTD_BOMB"})
    void bombsAreRefusedByTheEnvironmentNamingIt(HostileLayer kind) throws IOException {
        BerthCli berth = store(kind + "-env");
        Command.Result pull = Command.of(BerthCli.LAUNCHER, "--root", berth.root().toString(), "image", "pull", "-q",
                        reference(kind))
                .withEnv(Map.of("BERTH_MAX_LAYER_SIZE", "16M")).withTimeout(Duration.ofMinutes(3)).run();
        assertOverCap(pull, kind, "(the limit set by BERTH_MAX_LAYER_SIZE=16M)");
        assertNothingRecorded(berth, kind);
    }

    @ParameterizedTest
    @EnumSource(value = HostileLayer.class, names = {"GZIP_BOMB"})
    void theOptionWinsOverTheEnvironment(HostileLayer kind) throws IOException {
        BerthCli berth = store(kind + "-both");
        Command.Result pull = Command.of(BerthCli.LAUNCHER, "--root", berth.root().toString(), "image", "pull", "-q",
                        "--max-layer-size", "1G", reference(kind))
                .withEnv(Map.of("BERTH_MAX_LAYER_SIZE", "16M")).withTimeout(Duration.ofMinutes(3)).run();
        assertEquals(0, pull.exitCode(), pull.stderr());
    }

    private static void assertOverCap(Command.Result pull, HostileLayer kind, String setting) {
        assertEquals(1, pull.exitCode(), kind + " must be refused; stdout: " + pull.stdoutText());
        String expected = "layer entry \"zeros\": the layer unpacks to more than its limit of 16.0 MiB " + setting;
        assertTrue(pull.stderr().contains(expected), "expected \"" + expected + "\" in: " + pull.stderr());
    }

    /** No image, no committed snapshot of the layer, no staging left; the downloaded blob may stay. */
    private static void assertNothingRecorded(BerthCli berth, HostileLayer kind) throws IOException {
        assertEquals("", berth.check("image", "ls", "-q").stdoutText().strip(), "no image is recorded");
        assertFalse(Files.exists(committed(berth, kind), LinkOption.NOFOLLOW_LINKS), "no snapshot is committed");
        assertEquals(List.of(), list(berth.root().resolve("snapshots/committed")), "no snapshot at all");
        assertEquals(List.of(), list(berth.root().resolve("snapshots/staging")), "staging is cleaned up");
    }

    /**
     * No file named after the canary (nor a whiteout of it) anywhere in the test's directories
     * (which hold every store, so also beside each staging dir) but where the absolute name was
     * confined, inside its committed layer; nor in /etc.
     */
    private static void assertNoCanaryOutside(HostileLayer kind) throws IOException {
        // where the absolute name is confined to, in the store of the test that pulls it
        Path confined = committed(new BerthCli(work.resolve("stores/" + HostileLayer.ABSOLUTE_NAME + "-plain")),
                HostileLayer.ABSOLUTE_NAME).resolve("fs/etc/" + HostileLayer.CANARY);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(work)) {
            paths.filter(p -> p.getFileName().toString().endsWith(HostileLayer.CANARY) && !p.equals(confined))
                    .forEach(found::add);
        }
        if (Files.exists(HOST_CANARY, LinkOption.NOFOLLOW_LINKS)) {
            found.add(HOST_CANARY);
            Files.delete(HOST_CANARY); // a harmless canary, but the next run must not mistake it for its own
        }
        assertEquals(List.of(), found, kind + " wrote outside its layer");
    }

    private static Path committed(BerthCli berth, HostileLayer kind) {
        // a one-layer image's chain ID is its diff ID, and snapshots are named by its hex
        return berth.root().resolve("snapshots/committed/" + IMAGES.get(kind).diffIds().getFirst().substring(7));
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    private static BerthCli store(String name) throws IOException {
        return new BerthCli(Files.createDirectories(work.resolve("stores/" + name)));
    }

    private static String repo(HostileLayer kind) {
        return "test/hostile-" + kind.name().toLowerCase().replace('_', '-') + ":latest";
    }

    private static String reference(HostileLayer kind) {
        return registry.host() + "/" + repo(kind);
    }
}
