package io.berth.image.manifest;

import static io.berth.image.manifest.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.image.content.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String D1 = "sha256:77ea7eee3d80b1a38f83906dd3048e2689457eb90e18a7d12f839c5ae37106a2";
    private static final String D2 = "sha256:95cf1a2e1698fe3ca1fcc3f653119146b271d0b62e487ec264441e886a11bd06";

    @Test
    void readsAnOciIndexWithAttestations() {
        ImageIndex index = assertInstanceOf(ImageIndex.class,
                ManifestCodec.parse(Fixtures.bytes("oci-index-with-attestations.json"), MediaTypes.OCI_INDEX));
        assertEquals(2, index.schemaVersion());
        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        assertEquals(8, index.manifests().size());
        Descriptor amd64 = index.manifests().getFirst();
        assertEquals("sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51", amd64.digest().toString());
        assertEquals(610, amd64.size());
        assertEquals(Platform.of("linux", "amd64"), amd64.platform());
        assertEquals("scratch", amd64.annotations().get("org.opencontainers.image.base.name"));
        Descriptor attestation = index.manifests().get(1);
        assertEquals("attestation-manifest", attestation.annotations().get("vnd.docker.reference.type"));
        assertEquals("unknown/unknown", attestation.platform().toString());
        assertEquals("linux/arm/v5", index.manifests().get(2).platform().toString());
    }

    @Test
    void readsADockerManifestList() {
        ImageIndex list = assertInstanceOf(ImageIndex.class,
                ManifestCodec.parse(Fixtures.bytes("docker-manifest-list.json"), null));
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, list.mediaType());
        assertEquals(List.of("linux/amd64", "linux/arm/v6", "linux/arm64/v8", "linux/s390x", "windows/amd64"),
                list.manifests().stream().map(d -> d.platform().toString()).toList());
        Platform windows = list.manifests().get(4).platform();
        assertEquals("10.0.17763.6293", windows.osVersion());
        assertEquals(List.of("win32k"), windows.osFeatures());
    }

    @Test
    void readsADockerSchema2Manifest() {
        ImageManifest manifest = assertInstanceOf(ImageManifest.class,
                ManifestCodec.parse(Fixtures.bytes("docker-schema2-manifest.json"), MediaTypes.DOCKER_MANIFEST));
        assertEquals(MediaTypes.DOCKER_MANIFEST, manifest.mediaType());
        assertEquals(MediaTypes.DOCKER_CONFIG, manifest.config().mediaType());
        assertEquals(7023, manifest.config().size());
        assertEquals(3, manifest.layers().size());
        assertEquals(List.of(32654L, 16724L, 73109L), manifest.layers().stream().map(Descriptor::size).toList());
        assertEquals(Digest.parse(D1), manifest.layers().getFirst().digest());
        assertEquals(LayerCompression.GZIP, MediaTypes.compressionOf(manifest.layers().getFirst().mediaType()));
        assertTrue(manifest.isContainerImage());
        assertNull(manifest.subject());
    }

    @Test
    void readsAnOciManifestWithZstdLayersAndASubject() {
        ImageManifest manifest = assertInstanceOf(ImageManifest.class,
                ManifestCodec.parse(Fixtures.bytes("oci-manifest-zstd.json"), null));
        assertEquals(LayerCompression.ZSTD, MediaTypes.compressionOf(manifest.layers().get(1).mediaType()));
        assertEquals("387:190:1022:6",
                manifest.layers().get(1).annotations().get("io.containers.zstd-chunked.manifest-position"));
        assertEquals(1024, manifest.subject().size());
        assertEquals("docker.io/library/alpine:3.20", manifest.annotations().get("org.opencontainers.image.base.name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci-index-with-attestations.json", "docker-manifest-list.json",
            "docker-schema2-manifest.json", "oci-manifest-zstd.json"})
    void writingWhatWasReadGivesTheSameJson(String fixture) throws IOException {
        byte[] original = Fixtures.bytes(fixture);
        Manifest parsed = ManifestCodec.parse(original, null);
        byte[] written = write(parsed);
        assertEquals(JSON.readTree(original), JSON.readTree(written), "same members and values");
        assertEquals(parsed, ManifestCodec.parse(written, null));
        assertFalse(new String(written, StandardCharsets.UTF_8).contains("\n"), "compact");
    }

    @Test
    void writesCanonicalJsonInTheSpecsOrder() {
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, null,
                Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(D1), 7),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.parse(D2), 9)), null,
                Map.of("z", "last", "a", "first"));
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + D1
                        + "\",\"size\":7},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                        + "\"digest\":\"" + D2 + "\",\"size\":9}],\"annotations\":{\"a\":\"first\",\"z\":\"last\"}}",
                new String(ManifestCodec.write(manifest), StandardCharsets.UTF_8));
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}",
                new String(ManifestCodec.write(ImageIndex.oci(List.of())), StandardCharsets.UTF_8),
                "required arrays are written even when empty");
        assertTrue(new String(ManifestCodec.write(ImageManifest.oci(manifest.config(), List.of())), StandardCharsets.UTF_8)
                .contains("\"layers\":[]"));
    }

    @Test
    void theKindComesFromMediaTypeThenContentTypeThenShape() {
        String bareIndex = "{\"schemaVersion\":2,\"manifests\":[]}";
        String bareManifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\"" + D1 + "\",\"size\":1},\"layers\":[]}";
        assertInstanceOf(ImageIndex.class, ManifestCodec.parse(json(bareIndex), null));
        assertInstanceOf(ImageManifest.class, ManifestCodec.parse(json(bareManifest), null));
        assertInstanceOf(ImageManifest.class, ManifestCodec.parse(json(bareManifest),
                MediaTypes.OCI_MANIFEST + "; charset=utf-8"));
        assertEquals(MediaTypes.OCI_INDEX, ManifestCodec.parse(json(bareIndex), null).effectiveMediaType());
        assertNull(ManifestCodec.parse(json(bareIndex), null).mediaType(), "kept as written");
        // The document's own mediaType wins over what the registry said.
        assertInstanceOf(ImageIndex.class, ManifestCodec.parse(json("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":[]}"), MediaTypes.DOCKER_MANIFEST));
        // The content type decides when the document does not say, whatever its shape.
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ManifestCodec.parse(json(bareIndex), MediaTypes.OCI_MANIFEST));
        assertEquals("manifest config: missing", e.getMessage());
        assertEquals("config", e.field());
    }

    @Test
    void aDocumentOfNoKnownShapeIsRefused() {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ManifestCodec.parse(json("{\"schemaVersion\":2,\"layers\":[]}"), "application/json"));
        assertEquals("manifest: neither an image manifest nor an index: no mediaType, content type"
                + " \"application/json\", and neither \"manifests\" nor \"config\" with \"layers\"", e.getMessage());
        ImageFormatException artifact = assertThrows(ImageFormatException.class, () -> ManifestCodec.parse(
                json("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.artifact.manifest.v1+json\"}"), null));
        assertTrue(artifact.getMessage().startsWith("manifest mediaType: \"application/vnd.oci.artifact.manifest.v1+json\""
                + " is not an image manifest or index"), artifact.getMessage());
    }

    @Test
    void schema1IsRefusedClearly() {
        String signed = "{\"schemaVersion\":1,\"name\":\"library/busybox\",\"tag\":\"latest\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[{\"blobSum\":\"" + D1 + "\"}],\"history\":[],\"signatures\":[]}";
        for (String contentType : new String[] {null, MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST, MediaTypes.OCI_MANIFEST}) {
            ImageFormatException e = assertThrows(ImageFormatException.class,
                    () -> ManifestCodec.parse(json(signed), contentType));
            assertTrue(e.getMessage().startsWith("Docker schema 1 manifests are not supported ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("push it again with a current client)"), e.getMessage());
        }
        assertThrows(ImageFormatException.class, () -> ManifestCodec.parse(json("{}"), MediaTypes.DOCKER_SCHEMA1_MANIFEST));
        assertThrows(ImageFormatException.class, () -> ManifestCodec.parse(
                json("{\"mediaType\":\"" + MediaTypes.DOCKER_SCHEMA1_MANIFEST + "\"}"), null));
    }

    @Test
    void errorsNameTheField() {
        assertProblem("manifest layers[2].digest: invalid digest \"sha256\": want algorithm:hex, e.g. sha256:...",
                manifestWithLayer(2, "\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"sha256\",\"size\":1"));
        assertProblem("manifest layers[1].digest: invalid sha256 digest \"abc\": want 64 lower-case hex digits",
                manifestWithLayer(1, "\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"sha256:abc\",\"size\":1"));
        assertProblem("manifest layers[0].digest: missing",
                manifestWithLayer(0, "\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"size\":1"));
        assertProblem("manifest layers[0].size: must not be negative, is -1",
                manifestWithLayer(0, "\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + D1 + "\",\"size\":-1"));
        assertProblem("manifest layers[0].size: missing",
                manifestWithLayer(0, "\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + D1 + "\""));
        assertProblem("manifest layers[0].size: want an integer",
                manifestWithLayer(0, "\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + D1 + "\",\"size\":\"12\""));
        assertProblem("manifest layers[0].size: want an integer",
                manifestWithLayer(0, "\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + D1 + "\",\"size\":1.5"));
        assertProblem("manifest layers[0].mediaType: missing",
                manifestWithLayer(0, "\"digest\":\"" + D1 + "\",\"size\":1"));
        assertProblem("manifest layers[0].urls: want an array",
                manifestWithLayer(0, "\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + D1
                        + "\",\"size\":1,\"urls\":\"http://x\""));
        assertProblem("manifest layers: want an array",
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + config() + ",\"layers\":{}}");
        assertProblem("manifest config: missing",
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"layers\":[]}");
        assertProblem("manifest layers: missing",
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + config() + "}");
        assertProblem("manifest schemaVersion: 3 is not supported (want 2)",
                "{\"schemaVersion\":3,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + config() + ",\"layers\":[]}");
        assertProblem("manifest schemaVersion: missing (want 2)",
                "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + config() + ",\"layers\":[]}");
        assertProblem("index manifests[0].platform.os: missing", "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
                + "\",\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1
                + "\",\"size\":1,\"platform\":{\"architecture\":\"amd64\"}}]}");
        assertProblem("index manifests: missing", "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"}");
        assertProblem("index manifests[0]: missing", "{\"schemaVersion\":2,\"manifests\":[null]}");
        assertProblem("manifest mediaType: want a string", "{\"schemaVersion\":2,\"mediaType\":7}");
        assertProblem("manifest: want a JSON object, found array", "[]");
        assertProblem("manifest: want a JSON object, found nothing", "");
    }

    @Test
    void malformedJsonSaysWhere() {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ManifestCodec.parse(json("{\"schemaVersion\":2,\n\"manifests\":[}"), null));
        assertTrue(e.getMessage().startsWith("manifest: malformed JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void unknownMembersAreIgnored() {
        Manifest m = ManifestCodec.parse(json("{\"schemaVersion\":2,\"future\":{\"x\":1},\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1 + "\",\"size\":3,\"data\":\"e30=\",\"new\":true}]}"), null);
        assertEquals(3, ((ImageIndex) m).manifests().getFirst().size());
    }

    @Test
    void recordsRefuseWhatNoManifestMayHold() {
        assertThrows(IllegalArgumentException.class, () -> Descriptor.of(MediaTypes.OCI_LAYER, Digest.parse(D1), -1));
        assertThrows(IllegalArgumentException.class, () -> Descriptor.of("", Digest.parse(D1), 1));
        assertThrows(IllegalArgumentException.class, () -> Descriptor.of(MediaTypes.OCI_LAYER, null, 1));
        assertThrows(IllegalArgumentException.class, () -> ImageManifest.oci(null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ImageIndex(1, null, null, List.of(), null, Map.of()));
    }

    private static void assertProblem(String message, String document) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ManifestCodec.parse(json(document), null));
        assertEquals(message, e.getMessage());
    }

    private static String config() {
        return "{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + D1 + "\",\"size\":2}";
    }

    /** A manifest whose layer {@code index} has these members; the layers before it are valid. */
    private static String manifestWithLayer(int index, String members) {
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < index; i++) {
            layers.append("{\"mediaType\":\"").append(MediaTypes.OCI_LAYER_GZIP).append("\",\"digest\":\"").append(D2)
                    .append("\",\"size\":5},");
        }
        layers.append('{').append(members).append('}');
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + config()
                + ",\"layers\":[" + layers + "]}";
    }

    private static byte[] write(Manifest manifest) {
        return switch (manifest) {
            case ImageManifest m -> ManifestCodec.write(m);
            case ImageIndex i -> ManifestCodec.write(i);
        };
    }
}
