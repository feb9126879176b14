package io.berth.image.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContentStoreTest {
    private Path root;
    private ContentStore store;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("berth-content-");
        store = new ContentStore(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        TempDirs.delete(root);
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void putStoresByDigestAndReadsBack() throws IOException {
        byte[] blob = "hello".getBytes(StandardCharsets.UTF_8);
        Digest d = store.put(blob);
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", d.toString());
        assertArrayEquals(blob, store.read(d));
        assertEquals(5L, store.size(d).orElseThrow());
        assertTrue(Files.isRegularFile(root.resolve("blobs/sha256/" + d.hex())));
        assertEquals(java.util.List.of(d), store.list());
    }

    @Test
    void sha512IsAcceptedAndVerified() throws Exception {
        byte[] blob = data(1000);
        Digest d = new Digest("sha512", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(blob)));
        store.put(blob, d);
        assertArrayEquals(blob, store.read(d));
    }

    @Test
    void wrongContentIsRefusedAndNothingBecomesVisible() throws IOException {
        byte[] blob = data(100);
        Digest claimed = Digest.sha256(data(101));
        ContentVerificationException e = assertThrows(ContentVerificationException.class, () -> {
            try (ContentWriter w = store.writer(claimed, 100)) {
                w.write(blob, 0, blob.length);
                w.commit();
            }
        });
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
        assertFalse(store.exists(claimed));

        ContentVerificationException tooBig = assertThrows(ContentVerificationException.class, () -> {
            try (ContentWriter w = store.writer(Digest.sha256(blob), 50)) {
                w.write(blob, 0, blob.length);
            }
        });
        assertTrue(tooBig.getMessage().contains("larger than the 50 bytes"), tooBig.getMessage());

        ContentVerificationException short_ = assertThrows(ContentVerificationException.class, () -> {
            try (ContentWriter w = store.writer(Digest.sha256(blob), 100)) {
                w.write(blob, 0, 60);
                w.commit();
            }
        });
        assertTrue(short_.getMessage().contains("got 60 bytes"), short_.getMessage());
        assertTrue(store.list().isEmpty());
    }

    @Test
    void anInterruptedIngestResumesWhereItStopped() throws IOException {
        byte[] blob = data(1 << 20);
        Digest d = Digest.sha256(blob);
        try (ContentWriter w = store.writer(d, blob.length)) {
            w.write(blob, 0, 300_000);
            // closed without commit: the process died, say
        }
        assertFalse(store.exists(d));
        try (ContentWriter w = store.writer(d, blob.length)) {
            assertEquals(300_000, w.offset(), "the partial bytes are kept");
            w.write(blob, 300_000, blob.length - 300_000);
            w.commit();
        }
        assertArrayEquals(blob, store.read(d));
    }

    @Test
    void concurrentWritersOfOneBlobQueueAndBothSucceed() throws Exception {
        byte[] blob = data(4 << 20);
        Digest d = Digest.sha256(blob);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            java.util.List<Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(pool.submit(() -> {
                    try (ContentWriter w = store.writer(d, blob.length)) {
                        if (!store.exists(d)) {
                            w.truncate();
                            w.write(blob, 0, blob.length);
                            w.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertArrayEquals(blob, store.read(d));
    }

    @Test
    void idleIngestsAreCleanedAndRecentPartialOnesKeptForResume() throws IOException {
        byte[] blob = data(1000);
        Digest done = store.put(blob);
        Digest partial = Digest.sha256(data(2000));
        try (ContentWriter w = store.writer(partial, 2000)) {
            w.write(data(2000), 0, 500);
        }
        assertEquals(1, store.cleanIngests(java.time.Duration.ofDays(1)), "the finished ingest's empty directory goes");
        assertTrue(Files.exists(root.resolve("ingest/sha256-" + partial.hex() + "/data")), "a recent partial one stays");
        assertEquals(1, store.cleanIngests(java.time.Duration.ZERO), "an expired partial one goes");
        assertFalse(Files.exists(root.resolve("ingest/sha256-" + partial.hex())));
        assertArrayEquals(blob, store.read(done));
    }

    @Test
    void digestsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("md5:abc"));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:XYZ"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Digest.parse("nocolon"));
        assertTrue(e.getMessage().contains("nocolon"), e.getMessage());
        assertThrows(BlobNotFoundException.class, () -> store.read(Digest.sha256(new byte[0])));
    }
}
