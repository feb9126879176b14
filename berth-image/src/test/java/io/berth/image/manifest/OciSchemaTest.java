package io.berth.image.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import io.berth.image.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What Berth writes is valid against the OCI image spec's own JSON schemas (test copies in
 * src/test/resources/oci-image-spec-schema, image-spec v1.1.1).
 */
class OciSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMAS = "/oci-image-spec-schema/";
    /**
     * The schemas name each other by ids under https://opencontainers.org/schema/ that are not
     * their file names' URLs (and nested ids move the base), so every reference to a .json file
     * is served from the local copy of that file: nothing is fetched.
     */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            builder -> builder.schemaLoaders(loaders -> loaders.add(OciSchemaTest::localCopy)));

    private static InputStreamSource localCopy(AbsoluteIri iri) {
        String text = iri.toString();
        String file = text.substring(text.lastIndexOf('/') + 1);
        int fragment = file.indexOf('#');
        String name = fragment < 0 ? file : file.substring(0, fragment);
        if (!text.startsWith("https://opencontainers.org/schema/") && !text.startsWith("classpath:")
                || !name.endsWith(".json") || OciSchemaTest.class.getResource(SCHEMAS + name) == null) {
            return null;
        }
        return () -> {
            InputStream in = OciSchemaTest.class.getResourceAsStream(SCHEMAS + name);
            if (in == null) {
                throw new IOException("no local copy of " + text);
            }
            return in;
        };
    }

    static Set<ValidationMessage> validate(String schemaFile, JsonNode document) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of("https://opencontainers.org/schema/" + schemaFile));
        return schema.validate(document);
    }

    @Test
    void writtenManifestsMatchTheManifestSchema() throws IOException {
        for (String fixture : List.of("docker-schema2-manifest.json", "oci-manifest-zstd.json")) {
            ImageManifest manifest = (ImageManifest) ManifestCodec.parse(Fixtures.bytes(fixture), null);
            assertEquals(Set.of(), validate("image-manifest-schema.json", JSON.readTree(ManifestCodec.write(manifest))), fixture);
        }
    }

    @Test
    void writtenIndexesMatchTheIndexSchema() throws IOException {
        for (String fixture : List.of("oci-index-with-attestations.json", "docker-manifest-list.json")) {
            ImageIndex index = (ImageIndex) ManifestCodec.parse(Fixtures.bytes(fixture), null);
            assertEquals(Set.of(), validate("image-index-schema.json", JSON.readTree(ManifestCodec.write(index))), fixture);
        }
    }

    @Test
    void writtenConfigsMatchTheConfigSchema() throws IOException {
        for (String fixture : List.of("busybox-config.json", "docker-classic-config.json")) {
            ImageConfig config = ManifestCodec.parseConfig(Fixtures.bytes(fixture));
            assertEquals(Set.of(), validate("config-schema.json", JSON.readTree(ManifestCodec.write(config))), fixture);
        }
        ImageConfig made = new ImageConfig(Instant.parse("2024-01-02T03:04:05.000000001Z"), "me", "arm", "linux", null,
                null, "v7", new ExecutionConfig("1000:1000", Set.of("53/udp"), List.of("A=1"), List.of("/init"),
                List.of(), Set.of("/data"), "/", Map.of("k", "v"), "SIGINT", false, null, null),
                List.of(Digest.sha256(new byte[0])), List.of(), null);
        assertEquals(Set.of(), validate("config-schema.json", JSON.readTree(ManifestCodec.write(made))));
    }

    @Test
    void theSchemaCheckCanFail() throws IOException {
        ImageManifest manifest = (ImageManifest) ManifestCodec.parse(Fixtures.bytes("oci-manifest-zstd.json"), null);
        ObjectNode broken = (ObjectNode) JSON.readTree(ManifestCodec.write(manifest));
        ((ObjectNode) broken.get("config")).put("digest", "not a digest");
        broken.put("schemaVersion", 3);
        assertEquals(2, validate("image-manifest-schema.json", broken).size(), "a bad digest and a bad schemaVersion");
        ObjectNode config = (ObjectNode) JSON.readTree(Fixtures.bytes("busybox-config.json"));
        ((ObjectNode) config.get("rootfs")).put("type", "tarballs");
        assertFalse(validate("config-schema.json", config).isEmpty());
    }
}
