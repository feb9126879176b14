package io.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.image.content.ContentStore;
import io.berth.image.content.ContentWriter;
import io.berth.image.content.Digest;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resume and retry against a registry that misbehaves on purpose: it cuts the first blob download
 * off half-way, answers 500 now and then, and honours Range.
 */
class RegistryClientResumeTest {
    private HttpServer server;
    private Path root;
    private final byte[] blob = new byte[3 << 20];
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    private volatile int failuresLeft;
    private volatile boolean cutFirst = true;

    @BeforeEach
    void setUp() throws IOException {
        new java.util.Random(1).nextBytes(blob);
        root = Files.createTempDirectory("berth-resume-");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::serve);
        server.start();
    }

    @AfterEach
    void tearDown() throws IOException {
        server.stop(0);
        TempDirs.delete(root);
    }

    private void serve(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "none" : range);
        if (failuresLeft > 0) {
            failuresLeft--;
            byte[] body = "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"try again\"}]}".getBytes();
            ex.sendResponseHeaders(500, body.length);
            ex.getResponseBody().write(body);
            ex.close();
            return;
        }
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        ex.sendResponseHeaders(range == null ? 200 : 206, blob.length - from);
        OutputStream out = ex.getResponseBody();
        if (cutFirst) {
            cutFirst = false;
            out.write(blob, from, (blob.length - from) / 2);
            out.flush();
            // drop the connection with the body half sent
            ex.close();
            throw new IOException("cut on purpose");
        }
        out.write(blob, from, blob.length - from);
        ex.close();
    }

    private RegistryClient client() {
        String host = "127.0.0.1:" + server.getAddress().getPort();
        return new RegistryClient(host, RegistryEndpoint.of(host, Set.of()), CredentialStore.none(),
                new RetryPolicy(5, Duration.ofMillis(10)));
    }

    @Test
    void aBrokenDownloadResumesWithARangeRequest() throws IOException {
        ContentStore store = new ContentStore(root);
        Digest d = Digest.sha256(blob);
        try (ContentWriter w = store.writer(d, blob.length)) {
            client().fetchBlob("repo", w, BlobProgress.none());
        }
        assertArrayEquals(blob, store.read(d));
        assertEquals("none", ranges.get(0));
        assertTrue(ranges.get(1).startsWith("bytes=") && !ranges.get(1).equals("bytes=0-"),
                "the second request continues where the first stopped: " + ranges);
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws IOException {
        cutFirst = false;
        failuresLeft = 2;
        ContentStore store = new ContentStore(root);
        Digest d = Digest.sha256(blob);
        try (ContentWriter w = store.writer(d, blob.length)) {
            client().fetchBlob("repo", w, BlobProgress.none());
        }
        assertEquals(3, ranges.size(), "two 500s, then the download: " + ranges);
        assertArrayEquals(blob, store.read(d));
    }

    @Test
    void persistentFailureEndsWithTheRegistrysOwnMessage() {
        cutFirst = false;
        failuresLeft = 100;
        RegistryException e = assertThrows(RegistryException.class, () -> client().manifest("repo", "latest"));
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("try again"), e.getMessage());
        assertEquals(5, ranges.size(), "five attempts");
    }

    @Test
    void aBlobThatIsNotWhatItsDigestSaysIsRefused() throws IOException {
        cutFirst = false;
        ContentStore store = new ContentStore(root);
        Digest wrong = Digest.sha256(new byte[] {1});
        var e = assertThrows(io.berth.image.content.ContentVerificationException.class, () -> {
            try (ContentWriter w = store.writer(wrong, blob.length)) {
                client().fetchBlob("repo", w, BlobProgress.none());
            }
        });
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
        assertTrue(store.list().isEmpty());
    }
}
