package io.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.content.ContentStore;
import io.berth.image.content.ContentWriter;
import io.berth.image.content.Digest;
import io.berth.testing.TempDirs;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.OciLayout;
import io.berth.testing.image.TestImages;
import io.berth.testing.registry.AnonymousAccess;
import io.berth.testing.registry.LocalRegistry;
import io.berth.testing.registry.RegistryCredentials;
import io.berth.testing.registry.ResourceScope;
import io.berth.testing.registry.TokenRequest;
import io.berth.testing.registry.TokenRequest.Grant;
import io.berth.testing.registry.TokenServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry client's authentication against the real registry: bearer tokens from a token
 * server (anonymous, basic-auth user, identity token), htpasswd basic auth, credentials from a
 * docker config.json (inline or through a credential helper), and the errors users see.
 */
class RegistryAuthIT {
    private static final RegistryCredentials ALICE = new RegistryCredentials("alice", "wonderland");
    private static final String REPO = "test/busybox";
    private static final String SCOPE = "repository:" + REPO + ":pull";

    private static Path shared;
    private static OciImage busybox;
    private static OciLayout layout;
    private Path work;

    @BeforeAll
    static void buildImage() throws IOException {
        shared = Files.createTempDirectory("berth-auth-it-");
        busybox = TestImages.busybox();
        layout = busybox.writeLayout(shared.resolve("layout"), "latest");
    }

    @AfterAll
    static void deleteImage() throws IOException {
        TempDirs.delete(shared);
    }

    @BeforeEach
    void makeWorkDir() throws IOException {
        work = Files.createTempDirectory("berth-auth-it-case-");
    }

    @AfterEach
    void deleteWorkDir() throws IOException {
        TempDirs.delete(work);
    }

    @Test
    void anonymousPullFromATokenRegistryThatAllowsItAsksForOneTokenPerScope() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.PULL, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            RegistryClient client = client(registry, CredentialStore.none());
            client.ping();
            pullAndVerify(client, REPO);
            assertEquals(List.of(new TokenRequest(Grant.ANONYMOUS, Optional.empty(), TokenServer.SERVICE, List.of(), 200),
                            new TokenRequest(Grant.ANONYMOUS, Optional.empty(), TokenServer.SERVICE,
                                    List.of(ResourceScope.parse(SCOPE)), 200)),
                    tokens.clientRequests(), "one token for GET /v2/ and one for the repository, reused by every blob");
        }
    }

    @Test
    void theAuthFieldOfConfigJsonLogsInToTheTokenServer() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            pullAndVerify(client(registry, dockerConfig("{\"auths\": {\"%s\": {\"auth\": \"%s\"}}}"
                    .formatted(registry.host(), base64("alice:wonderland")))), REPO);
            assertOneTokenRequest(tokens, Grant.BASIC, Optional.of("alice"));
        }
    }

    @Test
    void usernameAndPasswordFieldsUnderAnHttpKeyWorkToo() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.NO_ACCESS, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            pullAndVerify(client(registry, dockerConfig("{\"auths\": {\"http://%s/v2/\": {\"username\": \"alice\", \"password\": \"wonderland\"}}}"
                    .formatted(registry.host()))), REPO);
            assertOneTokenRequest(tokens, Grant.BASIC, Optional.of("alice"));
        }
    }

    @Test
    void anIdentityTokenIsExchangedWithTheOAuth2Post() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            pullAndVerify(client(registry, dockerConfig("{\"auths\": {\"%s\": {\"identitytoken\": \"%s\"}}}"
                    .formatted(registry.host(), tokens.identityToken("alice")))), REPO);
            assertOneTokenRequest(tokens, Grant.REFRESH_TOKEN, Optional.of("alice"));
        }
    }

    @Test
    void aCredentialHelperNamedInCredHelpersIsAskedForTheHost() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            Path asked = work.resolve("helper-asked");
            Path helper = work.resolve("docker-credential-berthtest");
            Files.writeString(helper, """
                    #!/bin/sh
                    [ "$1" = get ] || exit 2
                    cat > %s
                    echo '{"ServerURL": "ignored", "Username": "alice", "Secret": "wonderland"}'
                    """.formatted(asked));
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
            Path config = Files.writeString(work.resolve("config.json"), "{\"auths\": {\"%s\": {}}, \"credHelpers\": {\"%s\": \"berthtest\"}}"
                    .formatted(registry.host(), registry.host()));
            pullAndVerify(client(registry, new DockerConfigCredentials(config, Optional.of(work))), REPO);
            assertEquals(registry.host(), Files.readString(asked), "the helper reads the registry host on stdin");
            assertOneTokenRequest(tokens, Grant.BASIC, Optional.of("alice"));
        }
    }

    @Test
    void tokensAreCachedPerRepositoryScope() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            layout.pushTo(registry, "other/busybox:latest");
            RegistryClient client = client(registry, host -> Optional.of(Credentials.basic("alice", "wonderland")));
            pullAndVerify(client, REPO);
            pullAndVerify(client, "other/busybox");
            pullAndVerify(client, REPO);
            assertEquals(List.of(List.of(SCOPE), List.of("repository:other/busybox:pull")),
                    tokens.clientRequests().stream().map(TokenRequest::scopeStrings).toList());
        }
    }

    @Test
    void aTokenForSeveralScopesAsksWithOneScopeParameterEach() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE);
             HttpClient http = HttpClient.newHttpClient()) {
            Challenge challenge = new Challenge("Bearer", Map.of("realm", tokens.realm().toString(), "service", TokenServer.SERVICE));
            String token = new TokenFetcher(http, "127.0.0.1:1").fetch(challenge, "repository:b:pull,push repository:a:pull",
                    Optional.of(Credentials.basic("alice", "wonderland")));
            assertEquals(3, token.split("\\.").length, token);
            assertEquals(List.of(List.of("repository:b:pull,push", "repository:a:pull")),
                    tokens.clientRequests().stream().map(TokenRequest::scopeStrings).toList());
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheTokenServerOnceAndSaysSo() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.PULL, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            RegistryClient client = client(registry, dockerConfig("{\"auths\": {\"%s\": {\"auth\": \"%s\"}}}"
                    .formatted(registry.host(), base64("alice:wrong"))));
            RegistryException e = assertThrows(RegistryException.class, () -> client.manifest(REPO, "latest"));
            assertEquals(401, e.status());
            assertEquals("token server " + tokens.host() + " refused a token for \"" + SCOPE + "\" on " + registry.host()
                    + " (user alice; HTTP 401: incorrect username or password)", e.getMessage());
            assertEquals(1, tokens.clientRequests().size(), "a refusal is not retried: " + tokens.clientRequests());
        }
    }

    @Test
    void refusedAnonymousAccessSaysThereAreNoCredentials() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> client(registry, dockerConfig("{}")).manifest(REPO, "latest"));
            assertEquals(401, e.status());
            assertEquals("token server " + tokens.host() + " refused a token for \"" + SCOPE + "\" on " + registry.host()
                    + " (anonymous; HTTP 401: anonymous access is not allowed); there are no credentials for "
                    + registry.host() + " (docker login " + registry.host() + ")", e.getMessage());
        }
    }

    @Test
    void aTokenThatGrantsNothingIsRefusedByTheRegistryWithAHint() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.NO_ACCESS, ALICE);
             LocalRegistry registry = tokenRegistryWithImage(tokens, REPO)) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> client(registry, CredentialStore.none()).manifest(REPO, "latest"));
            assertEquals(401, e.status());
            assertEquals(registry.host() + " refused access to \"" + SCOPE + "\" with a token from " + tokens.host()
                    + " (anonymous) (HTTP 401); the repository may not exist, or it needs credentials (docker login "
                    + registry.host() + ")", e.getMessage());
            assertEquals(1, tokens.clientRequests().size(), tokens.clientRequests().toString());
        }
    }

    @Test
    void basicAuthRegistryWithAndWithoutCredentials() throws IOException {
        try (LocalRegistry registry = LocalRegistry.startWithBasicAuth(ALICE.username(), ALICE.password())) {
            layout.pushTo(registry, REPO + ":latest");
            pullAndVerify(client(registry, dockerConfig("{\"auths\": {\"%s\": {\"auth\": \"%s\"}}}"
                    .formatted(registry.host(), base64("alice:wonderland")))), REPO);

            RegistryException none = assertThrows(RegistryException.class,
                    () -> client(registry, CredentialStore.none()).manifest(REPO, "latest"));
            assertEquals(401, none.status());
            assertEquals(registry.host() + " requires authentication and there are no credentials for it (docker login "
                    + registry.host() + ", or $DOCKER_CONFIG/config.json)", none.getMessage());

            RegistryException wrong = assertThrows(RegistryException.class, () -> client(registry,
                    host -> Optional.of(Credentials.basic("alice", "wrong"))).manifest(REPO, "latest"));
            assertEquals(401, wrong.status());
            assertEquals(registry.host() + " refused access to \"" + SCOPE + "\" with the password of user alice (HTTP 401); "
                    + "check the credentials for " + registry.host() + " (docker login " + registry.host() + ")", wrong.getMessage());
        }
    }

    @Test
    void aBrokenConfigJsonIsAnErrorAboutThisRegistryAndNotRetried() throws IOException {
        try (LocalRegistry registry = LocalRegistry.startWithBasicAuth(ALICE.username(), ALICE.password())) {
            layout.pushTo(registry, REPO + ":latest");
            DockerConfigCredentials broken = dockerConfig("{\"auths\": {\"%s\": {\"auth\": \"not base64!\"}}}".formatted(registry.host()));
            long start = System.nanoTime();
            RegistryException e = assertThrows(RegistryException.class, () -> client(registry, broken).manifest(REPO, "latest"));
            assertEquals("credentials for " + registry.host() + ": " + broken.configFile() + ": auths[\"" + registry.host()
                    + "\"].auth is not valid base64", e.getMessage());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "no retries with backoff");
        }
    }

    private static LocalRegistry tokenRegistryWithImage(TokenServer tokens, String repo) throws IOException {
        LocalRegistry registry = LocalRegistry.startWithTokenAuth(tokens);
        try {
            layout.pushTo(registry, repo + ":latest");
            return registry;
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    private static RegistryClient client(LocalRegistry registry, CredentialStore credentials) {
        return new RegistryClient(registry.host(), Set.of(), credentials);
    }

    private DockerConfigCredentials dockerConfig(String json) throws IOException {
        return new DockerConfigCredentials(Files.writeString(work.resolve("config.json"), json));
    }

    /** Manifest, config and layers as a pull fetches them, each checked against what was pushed. */
    private void pullAndVerify(RegistryClient client, String repo) throws IOException {
        ManifestResponse manifest = client.manifest(repo, "latest");
        assertEquals(busybox.digest(), manifest.digest().toString());
        ContentStore content = new ContentStore(Files.createTempDirectory(work, "content-"));
        for (Map.Entry<String, byte[]> blob : busybox.blobs().entrySet()) {
            if (blob.getKey().equals(busybox.digest())) {
                continue;
            }
            Digest digest = Digest.parse(blob.getKey());
            assertEquals(Optional.of((long) blob.getValue().length), client.blobSize(repo, digest, RegistryClient.pull(repo)));
            try (ContentWriter writer = content.writer(digest, blob.getValue().length)) {
                client.fetchBlob(repo, writer, (done, total) -> { });
            }
            assertArrayEquals(blob.getValue(), content.read(digest));
        }
    }

    private static void assertOneTokenRequest(TokenServer tokens, Grant grant, Optional<String> user) {
        assertEquals(List.of(new TokenRequest(grant, user, TokenServer.SERVICE,
                List.of(ResourceScope.parse(SCOPE)), 200)), tokens.clientRequests());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
