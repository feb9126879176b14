package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.TestImages;
import io.berth.testing.registry.AnonymousAccess;
import io.berth.testing.registry.LocalRegistry;
import io.berth.testing.registry.RegistryCredentials;
import io.berth.testing.registry.ResourceScope;
import io.berth.testing.registry.TokenRequest;
import io.berth.testing.registry.TokenRequest.Grant;
import io.berth.testing.registry.TokenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** berth image pull from a token-auth registry, with credentials from $DOCKER_CONFIG/config.json. */
@RequiresRoot
class ImagePullAuthIT {
    private static final RegistryCredentials ALICE = new RegistryCredentials("alice", "wonderland");

    private static TokenServer tokens;
    private static LocalRegistry registry;
    private static Path work;
    private static OciImage busybox;
    private static String ref;

    @BeforeAll
    static void startRegistry() throws IOException {
        work = Files.createTempDirectory("berth-cli-auth-it-");
        tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE);
        registry = LocalRegistry.startWithTokenAuth(tokens);
        busybox = TestImages.busybox();
        busybox.writeLayout(work.resolve("layout"), "latest").pushTo(registry, "private/busybox:latest");
        ref = registry.reference("private/busybox:latest");
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        try (TokenServer t = tokens; LocalRegistry r = registry) {
            TempDirs.delete(work);
        }
    }

    @BeforeEach
    void forgetTokenRequests() {
        tokens.forgetRequests();
    }

    @Test
    void pullsWithTheAuthOfDockerConfig() throws IOException {
        Path config = dockerConfig("inline", "{\"auths\": {\"%s\": {\"auth\": \"%s\"}}}".formatted(registry.host(), base64("alice:wonderland")));
        Command.Result pull = berth("inline", Map.of("DOCKER_CONFIG", config.toString()), "image", "pull", ref);
        assertEquals(0, pull.exitCode(), pull.stderr());
        assertTrue(pull.stdoutText().contains("Digest: " + busybox.digest()), pull.stdoutText());
        assertTrue(pull.stdoutText().contains("Status: Downloaded newer image for " + ref), pull.stdoutText());
        assertEquals(List.of(new TokenRequest(Grant.BASIC, Optional.of("alice"), TokenServer.SERVICE,
                List.of(ResourceScope.parse("repository:private/busybox:pull")), 200)), tokens.clientRequests());
    }

    @Test
    void withoutCredentialsThePullFailsSayingSo() throws IOException {
        Path empty = Files.createDirectories(work.resolve("no-config"));
        Command.Result pull = berth("anonymous", Map.of("DOCKER_CONFIG", empty.toString()), "image", "pull", ref);
        assertEquals(1, pull.exitCode(), pull.stdoutText());
        assertEquals("Error: token server " + tokens.host() + " refused a token for \"repository:private/busybox:pull\" on "
                + registry.host() + " (anonymous; HTTP 401: anonymous access is not allowed); there are no credentials for "
                + registry.host() + " (docker login " + registry.host() + ")", pull.stderr().strip());
    }

    @Test
    void aWrongPasswordFailsNamingTheTokenServerAndTheUser() throws IOException {
        Path config = dockerConfig("wrong", "{\"auths\": {\"%s\": {\"auth\": \"%s\"}}}".formatted(registry.host(), base64("alice:nope")));
        Command.Result pull = berth("wrong", Map.of("DOCKER_CONFIG", config.toString()), "image", "pull", ref);
        assertEquals(1, pull.exitCode(), pull.stdoutText());
        assertTrue(pull.stderr().contains("token server " + tokens.host() + " refused a token") && pull.stderr()
                .contains("(user alice; HTTP 401: incorrect username or password)"), pull.stderr());
    }

    @Test
    void aCredentialHelperIsFoundOnPath() throws IOException {
        Path bin = Files.createDirectories(work.resolve("helper-bin"));
        Path helper = bin.resolve("docker-credential-berthtest");
        Files.writeString(helper, """
                #!/bin/sh
                [ "$1" = get ] || exit 2
                [ "$(cat)" = "%s" ] || { echo "credentials not found in native keychain"; exit 1; }
                echo '{"Username": "alice", "Secret": "wonderland"}'
                """.formatted(registry.host()));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path config = dockerConfig("helper", "{\"credHelpers\": {\"%s\": \"berthtest\"}}".formatted(registry.host()));
        Command.Result pull = berth("helper", Map.of("DOCKER_CONFIG", config.toString(),
                "PATH", bin + ":" + System.getenv("PATH")), "image", "pull", "-q", ref);
        assertEquals(0, pull.exitCode(), pull.stderr());
        assertEquals(ref, pull.stdoutText().strip());
        assertEquals(List.of(Optional.of("alice")), tokens.clientRequests().stream().map(TokenRequest::user).toList());
    }

    /** bin/berth on its own store with {@code env} added, as a user's shell would run it. */
    private static Command.Result berth(String store, Map<String, String> env, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(BerthCli.LAUNCHER, "--root", work.resolve("store-" + store).toString()));
        argv.addAll(List.of(args));
        return Command.of(argv).withEnv(env).withTimeout(Duration.ofMinutes(3)).run();
    }

    /** A $DOCKER_CONFIG directory holding {@code json} as config.json. */
    private static Path dockerConfig(String name, String json) throws IOException {
        Path dir = Files.createDirectories(work.resolve("docker-config-" + name));
        Files.writeString(dir.resolve("config.json"), json);
        return dir;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
