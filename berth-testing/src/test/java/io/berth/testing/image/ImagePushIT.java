package io.berth.testing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.registry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test images pushed with skopeo land in a real registry exactly as built. */
class ImagePushIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void busyboxArrivesWithOurDigestsAndSkopeoSeesThem() throws IOException {
        OciImage busybox = TestImages.busybox();
        busybox.writeLayout(dir.resolve("layout"), "latest").pushTo(registry, "busybox:latest");

        assertEquals(List.of("latest"), registry.tags("busybox"));
        assertEquals(busybox.digest(), registry.manifestDigest("busybox", "latest"));
        assertArrayEquals(busybox.manifest(), registry.manifest("busybox", "latest"));
        assertArrayEquals(busybox.layers().get(0).blob(), registry.blob("busybox", busybox.layerDigests().get(0)));

        JsonNode inspect = JSON.readTree(Skopeo.inspect(registry, "busybox:latest"));
        assertEquals(busybox.digest(), inspect.path("Digest").asText());
        assertEquals(busybox.layerDigests().get(0), inspect.path("Layers").get(0).asText());
        assertEquals("amd64", inspect.path("Architecture").asText());
        assertEquals(TestImages.PATH, inspect.path("Env").get(0).asText());
    }

    @Test
    void multiLayerKeepsZstdAndUncompressedLayersAsTheyAre() throws IOException {
        OciImage image = TestImages.multiLayer();
        image.writeLayout(dir.resolve("layout")).pushTo(registry, "multi:v1");
        JsonNode manifest = JSON.readTree(registry.manifest("multi", "v1"));
        assertEquals(image.digest(), registry.manifestDigest("multi", "v1"));
        assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", manifest.path("layers").get(1).path("mediaType").asText());
        assertEquals(image.layerDigests().get(2), manifest.path("layers").get(2).path("digest").asText());
    }

    @Test
    void multiPlatformIndexArrivesWholeWithItsDigest() throws IOException {
        OciImageIndex index = TestImages.busyboxMultiPlatform();
        index.writeLayout(dir.resolve("layout"), "latest").pushTo(registry, "multiarch:latest");

        assertArrayEquals(index.index(), registry.manifest("multiarch", "latest", "application/vnd.oci.image.index.v1+json"));
        for (OciImage image : index.images()) {
            assertArrayEquals(image.manifest(), registry.manifest("multiarch", image.digest()), image.toString());
            assertArrayEquals(image.config(), registry.blob("multiarch", image.configDigest()), image.toString());
        }
    }

    @Test
    void dockerSchema2PushConvertsManifestAndConfigButKeepsLayerBlobs() throws IOException {
        OciImage busybox = TestImages.busybox();
        busybox.writeLayout(dir.resolve("layout"), "latest").pushTo(registry, "docker-busybox:latest", PushFormat.DOCKER_V2S2);
        JsonNode manifest = JSON.readTree(registry.manifest("docker-busybox", "latest"));
        assertEquals("application/vnd.docker.distribution.manifest.v2+json", manifest.path("mediaType").asText());
        assertEquals("application/vnd.docker.container.image.v1+json", manifest.path("config").path("mediaType").asText());
        assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", manifest.path("layers").get(0).path("mediaType").asText());
        assertEquals(busybox.layerDigests().get(0), manifest.path("layers").get(0).path("digest").asText());
        assertNotEquals(busybox.digest(), registry.manifestDigest("docker-busybox", "latest"));
    }

    @Test
    void dockerSchema2CannotCarryZstd() throws IOException {
        OciLayout layout = TestImages.multiLayer().writeLayout(dir.resolve("layout"), "latest");
        IOException e = assertThrows(IOException.class, () -> layout.pushTo(registry, "zstd-docker:latest", PushFormat.DOCKER_V2S2));
        assertTrue(e.getMessage().contains("zstd"), e.getMessage());
        assertEquals(List.of(), registry.tags("zstd-docker"));
    }

    @Test
    void pullWritesALayoutSkopeoAndOthersCanRead() throws IOException {
        OciImage image = TestImages.hostile(HostileLayer.DOT_DOT_NAME);
        image.writeLayout(dir.resolve("out"), "latest").pushTo(registry, "hostile:dotdot");
        OciLayout pulled = Skopeo.pull(registry, "hostile:dotdot", dir.resolve("in"), "copy");
        JsonNode index = JSON.readTree(pulled.dir().resolve("index.json").toFile());
        assertEquals(image.digest(), index.path("manifests").get(0).path("digest").asText());
    }

    @Test
    void basicAuthRegistryTakesPushesOnlyWithCredentials() throws IOException {
        try (LocalRegistry secured = LocalRegistry.startWithBasicAuth("pusher", "pw-" + ProcessHandle.current().pid())) {
            OciImage image = TestImages.hostile(HostileLayer.WHITEOUT_ESCAPE);
            image.writeLayout(dir.resolve("layout"), "latest").pushTo(secured, "private/img:1");
            assertEquals(List.of("1"), secured.tags("private/img"));
            assertEquals(image.digest(), JSON.readTree(Skopeo.inspect(secured, "private/img:1")).path("Digest").asText());
            IOException anonymous = assertThrows(IOException.class,
                    () -> Skopeo.inspect(secured, "private/img:1", Optional.empty(), true));
            assertTrue(anonymous.getMessage().contains("unauthorized") || anonymous.getMessage().contains("authentication required"),
                    anonymous.getMessage());
            assertEquals(401, secured.getAnonymously("/v2/private/img/tags/list").statusCode());
        }
    }
}
