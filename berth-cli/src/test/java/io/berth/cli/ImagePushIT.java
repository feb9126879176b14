package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.OciImageIndex;
import io.berth.testing.image.Skopeo;
import io.berth.testing.image.TestImages;
import io.berth.testing.registry.AnonymousAccess;
import io.berth.testing.registry.LocalRegistry;
import io.berth.testing.registry.RegistryCredentials;
import io.berth.testing.registry.TokenServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * berth image push against real registries: mounts, existing layers, monolithic and chunked
 * uploads, a multi-platform image, basic auth through $DOCKER_CONFIG, and broken stores.
 */
@RequiresRoot
class ImagePushIT {
    private static final RegistryCredentials USER = new RegistryCredentials("pusher", "s3cret-" + ProcessHandle.current().pid());

    private static LocalRegistry source;
    private static LocalRegistry target;
    private static LocalRegistry secured;
    private static Path work;
    private static Path noCredentials;
    private static Path withCredentials;
    private static OciImage busybox;
    private static OciImage multiLayer;
    private static OciImageIndex multiPlatform;

    @BeforeAll
    static void startRegistries() throws IOException {
        work = Files.createTempDirectory("berth-push-it-");
        source = LocalRegistry.start();
        target = LocalRegistry.start();
        secured = LocalRegistry.startWithBasicAuth(USER.username(), USER.password());
        busybox = TestImages.busybox();
        busybox.writeLayout(work.resolve("busybox"), "latest").pushTo(source, "test/a:latest");
        multiLayer = TestImages.multiLayer();
        multiLayer.writeLayout(work.resolve("layers"), "latest").pushTo(source, "test/layers:latest");
        multiPlatform = TestImages.busyboxMultiPlatform();
        multiPlatform.writeLayout(work.resolve("multi"), "latest").pushTo(source, "test/multi:latest");
        noCredentials = Files.createDirectories(work.resolve("docker-config-empty"));
        withCredentials = dockerConfig("docker-config", secured.host(), USER.colonJoined());
    }

    /** A $DOCKER_CONFIG directory whose config.json has {@code userColonPassword} for {@code host}, as docker login writes it. */
    private static Path dockerConfig(String name, String host, String userColonPassword) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        String auth = Base64.getEncoder().encodeToString(userColonPassword.getBytes());
        Files.writeString(dir.resolve("config.json"), "{\"auths\": {\"" + host + "\": {\"auth\": \"" + auth + "\"}}}");
        return dir;
    }

    @AfterAll
    static void stopRegistries() throws IOException {
        for (LocalRegistry r : new LocalRegistry[] {source, target, secured}) {
            if (r != null) {
                r.close();
            }
        }
        if (work != null) {
            TempDirs.delete(work);
        }
    }

    /** bin/berth on its own store, with $DOCKER_CONFIG pointing at {@code dockerConfig} (so ~/.docker never counts). */
    private record Berth(Path root, Path dockerConfig) {
        Command.Result run(String... args) throws IOException {
            List<String> argv = new ArrayList<>(List.of("env", "DOCKER_CONFIG=" + dockerConfig, BerthCli.LAUNCHER,
                    "--root", root.toString()));
            argv.addAll(List.of(args));
            return Command.of(argv).withTimeout(Duration.ofMinutes(3)).run();
        }

        Command.Result check(String... args) throws IOException {
            Command.Result r = run(args);
            assertEquals(0, r.exitCode(), () -> "berth " + String.join(" ", args) + ": " + r.stderr() + r.stdoutText());
            return r;
        }

        Berth as(Path otherConfig) {
            return new Berth(root, otherConfig);
        }
    }

    private static Berth store(String name) throws IOException {
        return new Berth(Files.createDirectories(work.resolve("store-" + name)), noCredentials);
    }

    private static String shortId(String digest) {
        return digest.substring(7, 19);
    }

    @Test
    void pushToAnotherRepositoryMountsTheLayersAndKeepsTheManifestDigest() throws IOException {
        Berth berth = store("mount");
        berth.check("image", "pull", "-q", source.reference("test/a:latest"));
        berth.check("image", "tag", source.reference("test/a:latest"), source.reference("test/b:x"));

        String out = berth.check("image", "push", source.reference("test/b:x")).stdoutText();
        String layer = shortId(busybox.layerDigests().getFirst());
        assertTrue(out.startsWith("The push refers to repository [" + source.host() + "/test/b]\n"), out);
        assertTrue(out.contains(layer + ": Preparing"), out);
        assertTrue(out.contains(layer + ": Mounted from test/a"), out);
        assertTrue(out.strip().endsWith("x: digest: " + busybox.digest() + " size: " + busybox.size()), out);
        assertEquals(busybox.digest(), source.manifestDigest("test/b", "x"));
        assertArrayEquals(busybox.manifest(), source.manifest("test/b", "x"), "the manifest bytes as pulled");

        String again = berth.check("image", "push", source.reference("test/b:x")).stdoutText();
        assertTrue(again.contains(layer + ": Layer already exists"), again);
        assertTrue(again.contains("x: digest: " + busybox.digest()), again);

        JsonNode inspect = new ObjectMapper().readTree(Skopeo.inspect(source, "test/b:x"));
        assertEquals(busybox.digest(), inspect.get("Digest").asText());
        assertEquals(busybox.layerDigests().getFirst(), inspect.get("Layers").get(0).asText());

        JsonNode local = new ObjectMapper().readTree(berth.check("image", "inspect", source.reference("test/b:x")).stdout()).get(0);
        assertTrue(local.get("RepoDigests").toString().contains(source.host() + "/test/b@" + busybox.digest()),
                "push records the repo digest: " + local.get("RepoDigests"));
    }

    @Test
    void layersGoUpInOnePutEachToAnEmptyRegistry() throws IOException {
        Berth berth = store("monolithic");
        berth.check("image", "pull", "-q", source.reference("test/layers:latest"));
        String ref = target.reference("test/layers:v1");
        berth.check("image", "tag", source.reference("test/layers:latest"), ref);

        String out = berth.check("image", "push", ref).stdoutText();
        for (String digest : multiLayer.layerDigests()) {
            assertTrue(out.contains(shortId(digest) + ": Pushed"), out);
        }
        assertTrue(out.indexOf(shortId(multiLayer.layerDigests().getLast())) < out.indexOf(shortId(multiLayer.layerDigests().getFirst())),
                "layers are listed top first, as docker lists them: " + out);
        assertEquals(multiLayer.digest(), target.manifestDigest("test/layers", "v1"));
        assertArrayEquals(multiLayer.blobs().get(multiLayer.layerDigests().get(1)),
                target.blob("test/layers", multiLayer.layerDigests().get(1)), "the layer exactly as stored");
        assertFalse(target.log().contains("\"PATCH /v2/test/layers/"), "small blobs need no chunks");
    }

    @Test
    void aForcedChunkedUploadSendsTheSameBlob() throws IOException {
        Berth berth = store("chunked");
        berth.check("image", "pull", "-q", source.reference("test/a:latest"));
        String ref = target.reference("test/chunked:c");
        berth.check("image", "tag", source.reference("test/a:latest"), ref);

        String out = berth.check("image", "push", "--upload-chunk-size", "64k", ref).stdoutText();
        String layer = busybox.layerDigests().getFirst();
        assertTrue(out.contains(shortId(layer) + ": Pushed"), out);
        assertEquals(busybox.digest(), target.manifestDigest("test/chunked", "c"));
        assertArrayEquals(busybox.blobs().get(layer), target.blob("test/chunked", layer));
        long patches = target.log().lines().filter(l -> l.contains("\"PATCH /v2/test/chunked/blobs/uploads/")).count();
        long expected = (busybox.blobs().get(layer).length + 65535) / 65536;
        assertTrue(patches >= expected, "one PATCH per 64 KiB chunk: " + patches + " for " + expected + " chunks");
    }

    @Test
    void aMultiPlatformImagePushesThePlatformManifestItHas() throws IOException {
        Berth berth = store("multi");
        berth.check("image", "pull", "-q", "--platform", "linux/amd64", source.reference("test/multi:latest"));
        String ref = target.reference("test/multi:amd64");
        berth.check("image", "tag", source.reference("test/multi:latest"), ref);

        String out = berth.check("image", "push", ref).stdoutText();
        OciImage amd64 = multiPlatform.images().getFirst();
        assertTrue(out.strip().endsWith("amd64: digest: " + amd64.digest() + " size: " + amd64.size()), out);
        assertEquals(amd64.digest(), target.manifestDigest("test/multi", "amd64"));
    }

    @Test
    void aRegistryWithBasicAuthTakesCredentialsFromDockerConfig() throws IOException {
        Berth berth = store("auth");
        berth.check("image", "pull", "-q", source.reference("test/a:latest"));
        String ref = secured.reference("test/secure:1");
        berth.check("image", "tag", source.reference("test/a:latest"), ref);

        Command.Result refused = berth.run("image", "push", ref);
        assertEquals(1, refused.exitCode(), refused.stdoutText());
        assertTrue(refused.stderr().contains("requires authentication"), refused.stderr());
        assertTrue(refused.stderr().contains(secured.host()), refused.stderr());
        assertEquals(List.of(), secured.tags("test/secure"));

        String out = berth.as(withCredentials).check("image", "push", ref).stdoutText();
        assertTrue(out.contains(shortId(busybox.layerDigests().getFirst()) + ": Pushed"), out);
        assertEquals(busybox.digest(), secured.manifestDigest("test/secure", "1"));
        assertEquals(busybox.digest(), new ObjectMapper().readTree(Skopeo.inspect(secured, "test/secure:1")).get("Digest").asText());
    }

    @Test
    void aMountUnderTokenAuthAsksForPushOnTheTargetAndPullOnTheSource() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.PULL, USER);
             LocalRegistry registry = LocalRegistry.startWithTokenAuth(tokens)) {
            busybox.writeLayout(work.resolve("busybox-token"), "latest").pushTo(registry, "test/a:latest");
            Berth berth = store("token").as(dockerConfig("docker-config-token", registry.host(), USER.colonJoined()));
            berth.check("image", "pull", "-q", registry.reference("test/a:latest"));
            berth.check("image", "tag", registry.reference("test/a:latest"), registry.reference("test/b:t"));
            tokens.forgetRequests();

            String out = berth.check("image", "push", registry.reference("test/b:t")).stdoutText();
            assertTrue(out.contains(shortId(busybox.layerDigests().getFirst()) + ": Mounted from test/a"), out);
            assertEquals(busybox.digest(), registry.manifestDigest("test/b", "t"));
            assertTrue(tokens.clientRequests().stream().anyMatch(r -> r.user().equals(Optional.of(USER.username()))
                            && r.scopeStrings().containsAll(List.of("repository:test/b:pull,push", "repository:test/a:pull"))),
                    "one token for both repositories: " + tokens.clientRequests());

            berth.check("image", "tag", registry.reference("test/a:latest"), registry.reference("test/c:t"));
            Command.Result anonymous = berth.as(noCredentials).run("image", "push", registry.reference("test/c:t"));
            assertEquals(1, anonymous.exitCode(), anonymous.stdoutText());
            assertTrue(anonymous.stderr().contains(registry.host()) && anonymous.stderr().contains("401"), anonymous.stderr());
            assertEquals(List.of(), registry.tags("test/c"));
        }
    }

    @Test
    void wrongCredentialsAreRefusedByName() throws IOException {
        Berth berth = store("wrong-auth");
        berth.check("image", "pull", "-q", source.reference("test/a:latest"));
        String ref = secured.reference("test/wrong:1");
        berth.check("image", "tag", source.reference("test/a:latest"), ref);
        Path wrong = dockerConfig("docker-config-wrong", secured.host(), USER.username() + ":not-the-password");

        Command.Result refused = berth.as(wrong).run("image", "push", ref);
        assertEquals(1, refused.exitCode(), refused.stdoutText());
        assertTrue(refused.stderr().contains(secured.host()) && refused.stderr().contains("401")
                && refused.stderr().contains("credentials"), refused.stderr());
        assertEquals(List.of(), secured.tags("test/wrong"));
    }

    @Test
    void aBlobMissingFromTheStoreIsAClearErrorBeforeAnythingIsSent() throws IOException {
        Berth berth = store("missing");
        berth.check("image", "pull", "-q", source.reference("test/a:latest"));
        String ref = target.reference("test/broken:1");
        berth.check("image", "tag", source.reference("test/a:latest"), ref);
        String layer = busybox.layerDigests().getFirst();
        Files.delete(berth.root().resolve("content/blobs/sha256").resolve(layer.substring(7)));

        Command.Result failed = berth.run("image", "push", ref);
        assertEquals(1, failed.exitCode(), failed.stdoutText());
        assertTrue(failed.stderr().contains("layer 1 of 1 (" + layer + ") is missing from the content store"), failed.stderr());
        assertFalse(target.log().contains("/v2/test/broken/"), "nothing was sent");
        assertEquals(List.of(), target.tags("test/broken"));
    }

    @Test
    void allTagsQuietAndBadRequests() throws IOException {
        Berth berth = store("tags");
        berth.check("image", "pull", "-q", source.reference("test/a:latest"));
        berth.check("image", "tag", source.reference("test/a:latest"), target.reference("test/all:one"));
        berth.check("image", "tag", source.reference("test/a:latest"), target.reference("test/all:two"));

        Command.Result all = berth.check("image", "push", "-a", "-q", target.reference("test/all"));
        assertEquals(target.reference("test/all:one") + "\n" + target.reference("test/all:two") + "\n", all.stdoutText());
        assertEquals(List.of("one", "two"), target.tags("test/all"));

        Command.Result unknown = berth.run("image", "push", target.reference("test/none:1"));
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.stderr().contains("An image does not exist locally with the tag: " + target.reference("test/none")),
                unknown.stderr());
        Command.Result digest = berth.run("image", "push", target.reference("test/all@" + busybox.digest()));
        assertNotEquals(0, digest.exitCode());
        assertTrue(digest.stderr().contains("cannot push a digest reference"), digest.stderr());
        Command.Result tagAndAll = berth.run("image", "push", "-a", target.reference("test/all:one"));
        assertNotEquals(0, tagAndAll.exitCode());
        assertTrue(tagAndAll.stderr().contains("tag can't be used with --all-tags/-a"), tagAndAll.stderr());
    }
}
