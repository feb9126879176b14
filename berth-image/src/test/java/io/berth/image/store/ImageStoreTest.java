package io.berth.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.content.Digest;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageStoreTest {
    private Path dir;
    private ImageStore store;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("berth-db-");
        store = ImageStore.open(dir.resolve("berth.db"));
    }

    @AfterEach
    void tearDown() throws IOException {
        store.close();
        TempDirs.delete(dir);
    }

    private static ImageRecord image(String seed) {
        Digest id = Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
        return new ImageRecord(id, Digest.sha256(("m" + seed).getBytes(StandardCharsets.UTF_8)),
                "application/vnd.oci.image.manifest.v1+json", 10, null, Instant.now(), Optional.of("top"), 42,
                List.of(), List.of());
    }

    @Test
    void aMovedTagLeavesTheOldImageDangling() {
        ImageRecord old = image("old");
        ImageRecord fresh = image("new");
        store.put(old, List.of(), Optional.of("docker.io/library/x:latest"), Optional.of("docker.io/library/x@" + old.manifestDigest()));
        store.put(fresh, List.of(), Optional.of("docker.io/library/x:latest"), Optional.empty());
        assertEquals(Optional.of(fresh.id()), store.byTag("docker.io/library/x:latest"));
        ImageRecord reread = store.get(old.id()).orElseThrow();
        assertTrue(reread.dangling());
        assertEquals(List.of("docker.io/library/x@" + old.manifestDigest()), reread.repoDigests());
        assertEquals(2, store.list().size());
    }

    @Test
    void idPrefixesResolveWhenUniqueAndSayWhenAmbiguous() {
        ImageRecord a = image("a");
        store.put(a, List.of(a.id()), Optional.empty(), Optional.empty());
        assertEquals(Optional.of(a.id()), store.byIdPrefix(a.id().hex().substring(0, 6)));
        assertEquals(Optional.of(a.id()), store.byIdPrefix(a.id().toString()));
        assertEquals(Optional.empty(), store.byIdPrefix("zz"));
        // find a second image sharing the first hex digit, to make "x" ambiguous
        for (int i = 0; ; i++) {
            ImageRecord b = image("b" + i);
            if (b.id().hex().charAt(0) == a.id().hex().charAt(0)) {
                store.put(b, List.of(), Optional.empty(), Optional.empty());
                break;
            }
        }
        ImageStoreException e = assertThrows(ImageStoreException.class, () -> store.byIdPrefix(a.id().hex().substring(0, 1)));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void deleteRemovesTagsDigestsAndBlobReferences() {
        ImageRecord a = image("a");
        Digest blob = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
        store.put(a, List.of(blob), Optional.of("r:t"), Optional.of("r@" + a.manifestDigest()));
        assertTrue(store.referencedBlobs().contains(blob));
        store.delete(a.id());
        assertEquals(Optional.empty(), store.byTag("r:t"));
        assertTrue(store.referencedBlobs().isEmpty());
        assertThrows(ImageStoreException.class, () -> store.tag(a.id(), "r:t"));
    }

    @Test
    void aSecondProcessSeesCommittedChanges() {
        ImageRecord a = image("a");
        store.put(a, List.of(), Optional.of("r:t"), Optional.empty());
        try (ImageStore other = ImageStore.open(dir.resolve("berth.db"))) {
            assertEquals(Optional.of(a.id()), other.byTag("r:t"));
        }
    }
}
