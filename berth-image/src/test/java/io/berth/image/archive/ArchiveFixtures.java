package io.berth.image.archive;

import io.berth.testing.TempDirs;
import io.berth.testing.image.Layer;
import io.berth.testing.image.LayerCompression;
import io.berth.testing.image.OciContent;
import io.berth.testing.image.OciImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Archives as other tools write them, made from berth-testing's images: docker save's current
 * layout (moby 25+), its old one (docker 20.10 and skopeo's docker-archive), oci-archive.
 */
final class ArchiveFixtures {
    private ArchiveFixtures() {}

    /** What docker save writes today: layers uncompressed at blobs/sha256/DIFFID, config at blobs/sha256/ID. */
    static byte[] dockerArchive(OciImage image, String... repoTags) {
        TestTar tar = new TestTar().dir("blobs").dir("blobs/sha256");
        List<String> layers = new ArrayList<>();
        for (Layer layer : image.layers()) {
            String name = "blobs/sha256/" + hex(layer.diffId());
            tar.file(name, uncompressed(layer));
            layers.add(name);
        }
        String config = "blobs/sha256/" + hex(image.configDigest());
        tar.file(config, image.config());
        tar.file("index.json", "{\"schemaVersion\":2,\"manifests\":[]}");
        tar.file("manifest.json", manifestJson(config, List.of(repoTags), layers));
        tar.file("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}");
        return tar.bytes();
    }

    /** docker save before 25 (and skopeo): ID/layer.tar, ID/json, ID/VERSION, HEX.json; a repeated layer is a symlink. */
    static byte[] legacyDockerArchive(List<OciImage> images, List<List<String>> repoTags) {
        TestTar tar = new TestTar();
        StringBuilder manifest = new StringBuilder("[");
        List<String> written = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            OciImage image = images.get(i);
            List<String> layers = new ArrayList<>();
            for (int j = 0; j < image.layers().size(); j++) {
                Layer layer = image.layers().get(j);
                String id = sha256Hex((i + "/" + j + "/" + layer.diffId()).getBytes(StandardCharsets.UTF_8));
                tar.dir(id).file(id + "/VERSION", "1.0").file(id + "/json", "{\"id\":\"" + id + "\"}");
                String first = written.stream().filter(w -> w.startsWith(layer.diffId())).findFirst().orElse(null);
                if (first == null) {
                    tar.file(id + "/layer.tar", uncompressed(layer));
                    written.add(layer.diffId() + " " + id);
                } else {
                    tar.symlink(id + "/layer.tar", "../" + first.substring(first.indexOf(' ') + 1) + "/layer.tar");
                }
                layers.add(id + "/layer.tar");
            }
            String config = hex(image.configDigest()) + ".json";
            tar.file(config, image.config());
            String item = new String(manifestJson(config, repoTags.get(i), layers), StandardCharsets.UTF_8).strip();
            manifest.append(i == 0 ? "" : ",").append(item, 1, item.length() - 1);
        }
        tar.file("manifest.json", manifest.append("]").toString());
        return tar.bytes();
    }

    /** A tar of the OCI layout berth-testing writes for {@code content}, ref-named or not. */
    static byte[] ociArchive(OciContent content, String refName) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("berth-oci-archive-");
            Path layout = dir.resolve("layout");
            if (refName == null) {
                content.writeLayout(layout);
            } else {
                content.writeLayout(layout, refName);
            }
            return new TestTar().tree(layout).bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try {
                    TempDirs.delete(dir);
                } catch (IOException ignored) {
                    // a temp directory left behind is no reason to fail the test
                }
            }
        }
    }

    static byte[] manifestJson(String config, List<String> repoTags, List<String> layers) {
        return ("[{\"Config\":" + quote(config) + ",\"RepoTags\":" + array(repoTags) + ",\"Layers\":" + array(layers)
                + "}]\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] uncompressed(Layer layer) {
        if (layer.compression() == LayerCompression.NONE) {
            return layer.blob();
        }
        try (InputStream in = CompressedInput.open(new ByteArrayInputStream(layer.blob()), "layer")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] data) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String array(List<String> values) {
        return "[" + String.join(",", values.stream().map(ArchiveFixtures::quote).toList()) + "]";
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
