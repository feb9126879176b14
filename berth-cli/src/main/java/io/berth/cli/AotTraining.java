package io.berth.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.image.content.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build's training run for bin/berth's AOT cache: pulls a generated image from a registry
 * served in this JVM, then lists, inspects, tags and removes it. The cache keeps the classes this
 * loads and the method profiles it gathers, so a real pull starts with hot code (unpacking and
 * hashing a layer in a cold JVM otherwise costs seconds of JIT warm-up).
 */
final class AotTraining {
    private AotTraining() {
    }

    static void run(Path work) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        HttpServer server = null;
        try {
            Files.createDirectories(work);
            Map<String, byte[]> blobs = new HashMap<>();
            byte[] manifest = image(blobs);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v2/", exchange -> serve(exchange, manifest, blobs));
            server.start();
            String ref = "127.0.0.1:" + server.getAddress().getPort() + "/train/image:latest";
            for (int round = 0; round < 3; round++) {
                Path root = Files.createTempDirectory(work, "store");
                Main.execute("--root", root.toString(), "image", "pull", ref);
                Main.execute("--root", root.toString(), "image", "ls");
                Main.execute("--root", root.toString(), "image", "inspect", ref);
                Main.execute("--root", root.toString(), "image", "tag", ref, "trained:latest");
                Main.execute("--root", root.toString(), "image", "rm", "trained:latest", ref);
                Main.execute("--root", root.toString(), "image", "prune", "-a");
                Main.execute("--root", root.toString(), "volume", "ls");
            }
        } finally {
            if (server != null) {
                server.stop(0);
            }
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A two-layer image with a few thousand small files and some bigger ones. */
    private static byte[] image(Map<String, byte[]> blobs) throws IOException {
        Random random = new Random(7);
        byte[] small = tar(random, 1500, 2048, "usr/share/train");
        byte[] big = tar(random, 24, 256 << 10, "opt/train");
        StringBuilder layers = new StringBuilder();
        StringBuilder diffIds = new StringBuilder();
        for (byte[] layer : new byte[][] {small, big}) {
            byte[] gz = gzip(layer);
            Digest d = Digest.sha256(gz);
            blobs.put(d.toString(), gz);
            layers.append(layers.isEmpty() ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(d).append("\",\"size\":").append(gz.length).append('}');
            diffIds.append(diffIds.isEmpty() ? "" : ",").append('"').append(Digest.sha256(layer)).append('"');
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + diffIds + "]}}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256(config);
        blobs.put(configDigest.toString(), config);
        return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                + "},\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tar(Random random, int files, int maxSize, String dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            String path = "";
            for (String part : dir.split("/")) {
                path += part + "/";
                TarArchiveEntry d = new TarArchiveEntry(path);
                d.setMode(040755);
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
            }
            for (int i = 0; i < files; i++) {
                byte[] data = new byte[random.nextInt(maxSize)];
                random.nextBytes(data);
                TarArchiveEntry e = new TarArchiveEntry(dir + "/f" + i);
                e.setSize(data.length);
                e.setMode(0100644);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static void serve(HttpExchange exchange, byte[] manifest, Map<String, byte[]> blobs) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        if (path.equals("/v2/")) {
            body = "{}".getBytes(StandardCharsets.UTF_8);
        } else if (path.contains("/manifests/")) {
            body = manifest;
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        } else if (path.contains("/blobs/") && blobs.containsKey(path.substring(path.lastIndexOf('/') + 1))) {
            body = blobs.get(path.substring(path.lastIndexOf('/') + 1));
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
        exchange.close();
    }

}
