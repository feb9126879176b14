package io.berth.image.manifest;

import static io.berth.image.manifest.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.image.content.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageConfigCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIFF = "sha256:0697c0f434f8672811eb1b52d443d0d4cb616fa58e4d10b25e91471b7f45a665";

    @Test
    void readsABusyboxConfig() {
        ImageConfig config = ManifestCodec.parseConfig(Fixtures.bytes("busybox-config.json"));
        assertEquals("amd64", config.architecture());
        assertEquals("linux", config.os());
        assertEquals(Instant.parse("2024-09-26T21:31:42Z"), config.created());
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), config.config().env());
        assertEquals(List.of("sh"), config.config().cmd());
        assertEquals(List.of(), config.config().entrypoint());
        assertEquals("/", config.config().workingDir());
        assertTrue(config.config().argsEscaped());
        assertEquals(List.of(Digest.parse(DIFF)), config.diffIds());
        assertEquals(2, config.history().size());
        assertEquals("CMD [\"sh\"]", config.history().get(1).createdBy());
        assertTrue(config.history().get(1).emptyLayer());
        assertFalse(config.history().get(0).emptyLayer());
        assertEquals("buildkit.dockerfile.v0", config.history().get(1).comment());
        assertEquals(Map.of(), config.otherFields());
        assertEquals(Platform.of("linux", "amd64"), config.platform());
    }

    @Test
    void readsEverythingDockerPutsInAClassicConfig() {
        ImageConfig config = ManifestCodec.parseConfig(Fixtures.bytes("docker-classic-config.json"));
        assertEquals("linux/arm64/v8", config.platform().toString());
        ExecutionConfig run = config.config();
        assertEquals("nginx", run.user());
        assertEquals(Set.of("80/tcp", "443/tcp"), run.exposedPorts());
        assertEquals(List.of("/docker-entrypoint.sh"), run.entrypoint());
        assertEquals(List.of("nginx", "-g", "daemon off;"), run.cmd());
        assertEquals(Set.of("/var/cache/nginx"), run.volumes());
        assertEquals("/srv", run.workingDir());
        assertEquals("web", run.labels().get("org.example.tier"));
        assertEquals("SIGQUIT", run.stopSignal());
        assertEquals(new Healthcheck(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO, 3), run.healthcheck());
        assertEquals("[\"/bin/bash\",\"-c\"]", run.otherFields().get("Shell"));
        assertEquals("null", run.otherFields().get("OnBuild"));
        assertEquals("false", run.otherFields().get("Tty"));
        assertEquals("\"20.10.23\"", config.otherFields().get("docker_version"));
        assertTrue(config.otherFields().get("container_config").contains("STOPSIGNAL SIGQUIT"));
        assertEquals(Instant.parse("2024-10-02T17:55:35.123456789Z"), config.created());
        assertEquals("NGINX Docker Maintainers", config.history().get(2).author());
        assertEquals("/bin/sh -c set -x && groupadd --system nginx", config.history().get(2).createdBy());
    }

    @Test
    void writingWhatWasReadKeepsEveryMember() throws IOException {
        for (String fixture : List.of("busybox-config.json", "docker-classic-config.json")) {
            byte[] original = Fixtures.bytes(fixture);
            ImageConfig parsed = ManifestCodec.parseConfig(original);
            byte[] written = ManifestCodec.write(parsed);
            assertEquals(JSON.readTree(original), JSON.readTree(written), fixture);
            assertEquals(parsed, ManifestCodec.parseConfig(written), fixture);
        }
    }

    @Test
    void writesCanonicalJsonInTheSpecsOrder() {
        ImageConfig config = new ImageConfig(Instant.parse("2024-01-02T03:04:05.120Z"), null, "amd64", "linux", null, null,
                null, new ExecutionConfig(null, Set.of("80/tcp"), List.of("A=1"), null, List.of("sh"), null, null,
                        Map.of("b", "2", "a", "1"), null, false, null, null),
                List.of(Digest.parse(DIFF)), List.of(new HistoryEntry(null, "CMD [\"sh\"]", null, null, true)), null);
        assertEquals("{\"created\":\"2024-01-02T03:04:05.12Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                        + "\"config\":{\"ExposedPorts\":{\"80/tcp\":{}},\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"],"
                        + "\"Labels\":{\"a\":\"1\",\"b\":\"2\"}},\"rootfs\":{\"diff_ids\":[\"" + DIFF + "\"],"
                        + "\"type\":\"layers\"},\"history\":[{\"created_by\":\"CMD [\\\"sh\\\"]\",\"empty_layer\":true}]}",
                new String(ManifestCodec.write(config), StandardCharsets.UTF_8));
        ImageConfig bare = new ImageConfig(null, null, "arm64", "linux", null, null, "v8", null, null, null, null);
        assertEquals("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\",\"rootfs\":{\"diff_ids\":[],"
                + "\"type\":\"layers\"}}", new String(ManifestCodec.write(bare), StandardCharsets.UTF_8));
    }

    @Test
    void otherFieldsMustBeJsonAndMustNotShadowKnownMembers() {
        ImageConfig shadowing = new ImageConfig(null, null, "amd64", "linux", null, null, null, null, null, null,
                Map.of("architecture", "\"arm64\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestCodec.write(shadowing)).getMessage()
                .contains("\"architecture\" is a known member"));
        ImageConfig notJson = new ImageConfig(null, null, "amd64", "linux", null, null, null, null, null, null,
                Map.of("docker_version", "v20.10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestCodec.write(notJson)).getMessage()
                .contains("image config member \"docker_version\" is not valid JSON"));
    }

    @Test
    void errorsNameTheField() {
        assertProblem("image config rootfs: missing", "{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        assertProblem("image config rootfs.type: \"tarballs\" is not supported (want \"layers\")",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"tarballs\",\"diff_ids\":[]}}");
        assertProblem("image config rootfs.type: missing (want \"layers\")",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[]}}");
        assertProblem("image config rootfs.diff_ids[1]: invalid sha256 digest \"123\": want 64 lower-case hex digits",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIFF
                        + "\",\"sha256:123\"]}}");
        assertProblem("image config architecture: missing", "{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}");
        assertProblem("image config os: missing", "{\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\"}}");
        assertProblem("image config created: \"yesterday\" is not an RFC 3339 date-time (want e.g. 2024-01-02T03:04:05Z)",
                valid("\"created\":\"yesterday\""));
        assertProblem("image config history[1].created: \"2024-13-01T00:00:00Z\" is not an RFC 3339 date-time"
                        + " (want e.g. 2024-01-02T03:04:05Z)",
                valid("\"history\":[{},{\"created\":\"2024-13-01T00:00:00Z\"}]"));
        assertProblem("image config config.Env: want an array", valid("\"config\":{\"Env\":\"PATH=/bin\"}"));
        assertProblem("image config config.Env[1]: want a string, found null", valid("\"config\":{\"Env\":[\"A=1\",null]}"));
        assertProblem("image config config.Labels.a: want a string, found null", valid("\"config\":{\"Labels\":{\"a\":null}}"));
        assertProblem("image config config.Healthcheck.Retries: must not be negative, is -1",
                valid("\"config\":{\"Healthcheck\":{\"Retries\":-1}}"));
        assertProblem("image config config.ArgsEscaped: want true or false", valid("\"config\":{\"ArgsEscaped\":\"yes\"}"));
        assertProblem("image config history[0]: want an object, found null", valid("\"history\":[null]"));
        assertProblem("image config: want a JSON object, found string", "\"config\"");
    }

    @Test
    void nullsAndOffsetsAreReadAsDockerWritesThem() {
        ImageConfig config = ManifestCodec.parseConfig(json(valid(
                "\"created\":\"2024-01-02T05:04:05+02:00\",\"config\":{\"Cmd\":null,\"Entrypoint\":null,\"Volumes\":null,"
                        + "\"Labels\":null,\"Env\":null}")));
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), config.created());
        assertTrue(config.config().isEmpty());
        assertNull(config.author());
    }

    private static String valid(String extraMembers) {
        return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                + extraMembers + "}";
    }

    private static void assertProblem(String message, String document) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ManifestCodec.parseConfig(json(document)));
        assertEquals(message, e.getMessage());
    }
}
