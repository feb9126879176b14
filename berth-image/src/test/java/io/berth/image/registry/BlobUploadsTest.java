package io.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.content.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload protocol against a scripted registry: what the real one in the ITs never shows. */
class BlobUploadsTest {
    private ScriptedUploadRegistry registry;
    private BlobUploads uploads;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        registry = new ScriptedUploadRegistry();
        uploads = new BlobUploads(registry.client());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private LocalBlob blob(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = Files.write(dir.resolve("blob-" + size), data);
        return new LocalBlob(Digest.sha256(data), size, file);
    }

    private byte[] bytes(LocalBlob blob) throws IOException {
        return Files.readAllBytes(blob.file());
    }

    private List<String> logged(String method) {
        return registry.log.stream().filter(l -> l.startsWith(method + " ")).toList();
    }

    @Test
    void aMonolithicUploadFollowsARelativeLocationAndKeepsItsQuery() throws IOException {
        LocalBlob blob = blob(100_000);
        AtomicLong reported = new AtomicLong();
        uploads.upload("r", blob, new UploadMode.Monolithic(), (done, total) -> reported.set(done));

        assertArrayEquals(bytes(blob), registry.blobs.get(blob.digest().toString()));
        assertEquals(List.of("POST /v2/r/blobs/uploads/"), logged("POST"));
        assertEquals(List.of("PUT /v2/r/blobs/uploads/session1?" + ScriptedUploadRegistry.STATE + "&digest=sha256%3A"
                + blob.digest().hex()), logged("PUT"));
        assertEquals(100_000, reported.get(), "progress reaches the blob's size");
    }

    @Test
    void chunksAreAtLeastTheRegistrysMinimumAndInOrder() throws IOException {
        registry.minChunkLength = 40_000;
        LocalBlob blob = blob(100_000);
        uploads.upload("r", blob, new UploadMode.Chunked(10_000), BlobProgress.none());

        assertArrayEquals(bytes(blob), registry.blobs.get(blob.digest().toString()));
        String session = "PATCH /v2/r/blobs/uploads/session1?" + ScriptedUploadRegistry.STATE;
        assertEquals(List.of(session + " [0-39999]", session + " [40000-79999]", session + " [80000-99999]"), logged("PATCH"));
        assertEquals(1, logged("PUT").size(), "one closing PUT: " + registry.log);
    }

    @Test
    void aChunkThatBreaksOffResumesWhereTheRegistryStopped() throws IOException {
        registry.breakPatch = 2;
        registry.breakAfterBytes = 5_000;
        LocalBlob blob = blob(30_000);
        uploads.upload("r", blob, new UploadMode.Chunked(10_000), BlobProgress.none());

        assertArrayEquals(bytes(blob), registry.blobs.get(blob.digest().toString()), "the blob is whole: " + registry.log);
        assertEquals(1, logged("POST").size(), "the same session goes on: " + registry.log);
        assertEquals(1, logged("GET").size(), "one status query after the break: " + registry.log);
        assertTrue(logged("PATCH").getLast().endsWith("[25000-29999]"), "resumed at byte 15000: " + registry.log);
    }

    @Test
    void aWrongAcknowledgementAbandonsTheUpload() throws IOException {
        registry.wrongAck = true;
        LocalBlob blob = blob(30_000);
        RegistryException e = assertThrows(RegistryException.class,
                () -> uploads.upload("r", blob, new UploadMode.Chunked(10_000), BlobProgress.none()));

        assertTrue(e.getMessage().contains("acknowledged bytes 0-10000 of blob " + blob.digest() + " after a chunk ending at byte 9999"),
                e.getMessage());
        assertFalse(registry.blobs.containsKey(blob.digest().toString()));
        assertEquals(logged("POST").size(), logged("DELETE").size(), "every abandoned session is cancelled: " + registry.log);
    }

    @Test
    void aMountThatTheRegistryRefusesCancelsTheSessionItOpened() throws IOException {
        Digest digest = blob(10).digest();
        assertFalse(uploads.mount("r", digest, "other/repo"));
        assertEquals(List.of("POST /v2/r/blobs/uploads/?mount=" + digest + "&from=other/repo"), logged("POST"));
        assertEquals(1, logged("DELETE").size(), registry.log.toString());

        registry.mountSucceeds = true;
        assertTrue(uploads.mount("r", digest, "other/repo"));
        assertTrue(uploads.existing("r", digest).isPresent());
    }

    @Test
    void aManifestDigestTheRegistryGetsWrongIsAnError() throws IOException {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes();
        assertEquals(Digest.sha256(manifest), uploads.putManifest("r", "v1", "application/vnd.oci.image.manifest.v1+json", manifest));

        registry.reportedManifestDigest = "sha256:" + "0".repeat(64);
        RegistryException e = assertThrows(RegistryException.class,
                () -> uploads.putManifest("r", "v1", "application/vnd.oci.image.manifest.v1+json", manifest));
        assertTrue(e.getMessage().contains("stored manifest " + registry.host() + "/r:v1 as sha256:000"), e.getMessage());
    }
}
