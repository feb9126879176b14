package io.berth.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.image.content.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The upload half of a registry, scripted to show what distribution never does: relative
 * Locations with a query of its own, a minimum chunk length, a chunk that breaks off half-way,
 * a wrong acknowledgement. Keeps one repository's blobs in memory and logs every request.
 */
final class ScriptedUploadRegistry implements AutoCloseable {
    static final String STATE = "_state=opaque%2Fvalue";

    final Map<String, byte[]> blobs = Collections.synchronizedMap(new HashMap<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    long minChunkLength;
    /** Break the connection after storing this many bytes of the Nth PATCH (1-based); 0 for never. */
    int breakPatch;
    int breakAfterBytes;
    /** Acknowledge one byte too many for every PATCH. */
    boolean wrongAck;
    /** Answer a manifest PUT with this digest instead of the right one. */
    String reportedManifestDigest;
    boolean mountSucceeds;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ByteArrayOutputStream> sessions = new HashMap<>();
    private int sessionCount;
    private int patches;

    ScriptedUploadRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    RegistryClient client() {
        return new RegistryClient(host(), new RegistryEndpoint(host(), true), CredentialStore.none(),
                new RetryPolicy(3, java.time.Duration.ofMillis(1)));
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        log.add(method + " " + path + (query == null ? "" : "?" + query) + (range == null ? "" : " [" + range + "]"));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        try {
            route(exchange, method, path, query == null ? "" : query, range, body);
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange, String method, String path, String query, String range, byte[] body)
            throws IOException {
        if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
            if (query.startsWith("mount=") && mountSucceeds) {
                blobs.put(query.substring(6, query.indexOf('&')), new byte[0]);
                reply(exchange, 201, Map.of("Location", "/v2/r/blobs/mounted"));
                return;
            }
            String id = "session" + (++sessionCount);
            sessions.put(id, new ByteArrayOutputStream());
            // relative to the request URI /v2/r/blobs/uploads/, so it names /v2/r/blobs/uploads/sessionN
            Map<String, String> headers = new HashMap<>(Map.of("Location", id + "?" + STATE, "Range", "0-0"));
            if (minChunkLength > 0) {
                headers.put("OCI-Chunk-Min-Length", Long.toString(minChunkLength));
            }
            reply(exchange, 202, headers);
            return;
        }
        if (path.contains("/blobs/uploads/")) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            ByteArrayOutputStream data = sessions.get(id);
            if (data == null || !path.equals("/v2/r/blobs/uploads/" + id) || !query.startsWith(STATE)) {
                reply(exchange, 404, Map.of());
                return;
            }
            switch (method) {
                case "PATCH" -> patch(exchange, id, data, range, body);
                case "GET" -> reply(exchange, 204, Map.of("Location", "/v2/r/blobs/uploads/" + id + "?" + STATE,
                        "Range", "0-" + Math.max(0, data.size() - 1)));
                case "PUT" -> {
                    data.writeBytes(body);
                    String digest = java.net.URLDecoder.decode(query.substring(query.indexOf("digest=") + 7), "UTF-8");
                    if (!Digest.sha256(data.toByteArray()).toString().equals(digest)) {
                        reply(exchange, 400, Map.of());
                        return;
                    }
                    blobs.put(digest, data.toByteArray());
                    sessions.remove(id);
                    reply(exchange, 201, Map.of("Location", "/v2/r/blobs/" + digest));
                }
                case "DELETE" -> {
                    sessions.remove(id);
                    reply(exchange, 204, Map.of());
                }
                default -> reply(exchange, 405, Map.of());
            }
            return;
        }
        if (method.equals("HEAD") && path.contains("/blobs/")) {
            byte[] blob = blobs.get(path.substring(path.lastIndexOf('/') + 1));
            reply(exchange, blob == null ? 404 : 200, Map.of());
            return;
        }
        if (method.equals("PUT") && path.contains("/manifests/")) {
            String digest = reportedManifestDigest != null ? reportedManifestDigest : Digest.sha256(body).toString();
            reply(exchange, 201, Map.of("Docker-Content-Digest", digest));
            return;
        }
        reply(exchange, 404, Map.of());
    }

    private void patch(HttpExchange exchange, String id, ByteArrayOutputStream data, String range, byte[] body)
            throws IOException {
        long start = Long.parseLong(range.substring(0, range.indexOf('-')));
        Map<String, String> where = Map.of("Location", "/v2/r/blobs/uploads/" + id + "?" + STATE);
        if (start != data.size()) {
            reply(exchange, 416, Map.of("Range", "0-" + (data.size() - 1)));
            return;
        }
        if (++patches == breakPatch) {
            data.write(body, 0, breakAfterBytes);
            return; // closed without an answer: the client sees the connection drop
        }
        data.writeBytes(body);
        reply(exchange, 202, Map.of("Location", where.get("Location"), "Range", "0-" + (data.size() - 1 + (wrongAck ? 1 : 0))));
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
