package io.berth.testing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImageBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static OciImage sample() {
        return OciImageBuilder.create()
                .layer(TarLayerBuilder.create().file("a", "1").layer(LayerCompression.GZIP))
                .layer(TarLayerBuilder.create().file("b", "2").layer(LayerCompression.ZSTD), "add b")
                .platform(ImagePlatform.LINUX_ARM64)
                .entrypoint("/bin/tini", "--")
                .cmd("sh", "-c", "echo hi")
                .env("PATH=/bin", "A=b=c")
                .workingDir("/work")
                .user("1000:1000")
                .label("z", "last")
                .label("a", "first")
                .build();
    }

    @Test
    void manifestListsConfigAndLayersWithTheirMediaTypesDigestsAndSizes() throws IOException {
        OciImage image = sample();
        JsonNode manifest = JSON.readTree(image.manifest());
        assertEquals(2, manifest.path("schemaVersion").asInt());
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.path("mediaType").asText());
        assertEquals("application/vnd.oci.image.config.v1+json", manifest.path("config").path("mediaType").asText());
        assertEquals(image.configDigest(), manifest.path("config").path("digest").asText());
        assertEquals(image.config().length, manifest.path("config").path("size").asLong());
        JsonNode layers = manifest.path("layers");
        assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layers.get(0).path("mediaType").asText());
        assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", layers.get(1).path("mediaType").asText());
        assertEquals(image.layerDigests(), List.of(layers.get(0).path("digest").asText(), layers.get(1).path("digest").asText()));
        assertEquals(image.layers().get(1).size(), layers.get(1).path("size").asLong());
    }

    @Test
    void configCarriesPlatformRunSettingsDiffIdsAndHistory() throws IOException {
        OciImage image = sample();
        JsonNode config = JSON.readTree(image.config());
        assertEquals("arm64", config.path("architecture").asText());
        assertEquals("linux", config.path("os").asText());
        assertEquals("v8", config.path("variant").asText());
        JsonNode run = config.path("config");
        assertEquals("[\"/bin/tini\",\"--\"]", run.path("Entrypoint").toString());
        assertEquals("[\"sh\",\"-c\",\"echo hi\"]", run.path("Cmd").toString());
        assertEquals("[\"PATH=/bin\",\"A=b=c\"]", run.path("Env").toString());
        assertEquals("/work", run.path("WorkingDir").asText());
        assertEquals("1000:1000", run.path("User").asText());
        assertEquals("{\"a\":\"first\",\"z\":\"last\"}", run.path("Labels").toString());
        assertEquals("layers", config.path("rootfs").path("type").asText());
        assertEquals(image.diffIds().toString(), List.of(config.path("rootfs").path("diff_ids").get(0).asText(),
                config.path("rootfs").path("diff_ids").get(1).asText()).toString());
        assertEquals("add b", config.path("history").get(1).path("created_by").asText());
    }

    @Test
    void unsetRunSettingsAreLeftOut() throws IOException {
        JsonNode run = JSON.readTree(OciImageBuilder.create().cmd("sh").build().config()).path("config");
        assertEquals(List.of("Cmd"), run.properties().stream().map(java.util.Map.Entry::getKey).toList());
    }

    @Test
    void theSameImageHasTheSameDigestEveryTime() {
        assertEquals(sample().digest(), sample().digest());
        assertEquals(TestImages.multiLayer().digest(), TestImages.multiLayer().digest());
    }

    @Test
    void envEntriesMustBeNameEqualsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OciImageBuilder.create().env("PATH"));
        assertTrue(e.getMessage().contains("PATH"), e.getMessage());
    }

    @Test
    void layoutHoldsEveryBlobUnderItsDigestAndNamesTheImage() throws IOException {
        OciImage image = sample();
        OciLayout layout = image.writeLayout(dir.resolve("layout"), "v1");
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(layout.dir().resolve("oci-layout")));
        JsonNode top = JSON.readTree(layout.dir().resolve("index.json").toFile()).path("manifests");
        assertEquals(1, top.size());
        assertEquals(image.digest(), top.get(0).path("digest").asText());
        assertEquals("v1", top.get(0).path("annotations").path("org.opencontainers.image.ref.name").asText());
        assertEquals("arm64", top.get(0).path("platform").path("architecture").asText());
        for (var blob : image.blobs().entrySet()) {
            Path file = layout.dir().resolve("blobs/sha256/" + blob.getKey().substring(7));
            assertArrayEquals(blob.getValue(), Files.readAllBytes(file), blob.getKey());
            assertEquals(blob.getKey(), Sha256.of(Files.readAllBytes(file)));
        }
        assertEquals(4, image.blobs().size());
        assertEquals("oci:" + layout.dir() + ":v1", layout.skopeoReference());
    }

    @Test
    void layoutWithoutRefNameHasNoAnnotations() throws IOException {
        OciLayout layout = sample().writeLayout(dir.resolve("plain"));
        JsonNode entry = JSON.readTree(layout.dir().resolve("index.json").toFile()).path("manifests").get(0);
        assertFalse(entry.has("annotations"));
        assertEquals("oci:" + layout.dir(), layout.skopeoReference());
    }

    @Test
    void layoutRefusesADirectoryThatIsNotEmpty() throws IOException {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("something"), "x");
        IOException e = assertThrows(IOException.class, () -> sample().writeLayout(used, "v1"));
        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains(used.toString()), e.getMessage());
    }

    @Test
    void indexListsEachPlatformAndItsLayoutNestsIt() throws IOException {
        OciImageIndex index = TestImages.busyboxMultiPlatform();
        JsonNode manifests = JSON.readTree(index.index()).path("manifests");
        assertEquals("amd64", manifests.get(0).path("platform").path("architecture").asText());
        assertEquals("arm64", manifests.get(1).path("platform").path("architecture").asText());
        assertEquals(index.images().get(1).digest(), manifests.get(1).path("digest").asText());
        OciLayout layout = index.writeLayout(dir.resolve("multi"), "latest");
        JsonNode top = JSON.readTree(layout.dir().resolve("index.json").toFile()).path("manifests").get(0);
        assertEquals("application/vnd.oci.image.index.v1+json", top.path("mediaType").asText());
        assertEquals(index.digest(), top.path("digest").asText());
        // one shared layer, two configs, two manifests, one index
        assertEquals(6, index.blobs().size());
    }
}
