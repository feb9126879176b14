package io.berth.testing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.TempDirs;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.Skopeo;
import io.berth.testing.image.TestImages;
import io.berth.testing.registry.TokenRequest.Grant;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The token server against the real registry: the registry must accept its tokens and refuse what they do not grant. */
class TokenServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RegistryCredentials ALICE = new RegistryCredentials("alice", "wonderland");

    @Test
    void theRegistryChallengesWithTheTokenServerAndAcceptsItsTokens() throws IOException {
        Path work = Files.createTempDirectory("berth-token-it-");
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.PULL, ALICE);
             LocalRegistry registry = LocalRegistry.startWithTokenAuth(tokens)) {
            HttpResponse<byte[]> ping = registry.getAnonymously("/v2/");
            assertEquals(401, ping.statusCode());
            assertEquals("Bearer realm=\"" + tokens.realm() + "\",service=\"" + TokenServer.SERVICE + "\"",
                    ping.headers().firstValue("WWW-Authenticate").orElse(""));

            OciImage busybox = TestImages.busybox();
            busybox.writeLayout(work.resolve("layout"), "latest").pushTo(registry, "test/busybox:latest");
            assertEquals(List.of("latest"), registry.tags("test/busybox"));
            assertTrue(Skopeo.inspect(registry, "test/busybox:latest", Optional.of(ALICE), false).contains(busybox.digest()));

            String challenge = registry.getAnonymously("/v2/test/busybox/manifests/latest").headers()
                    .firstValue("WWW-Authenticate").orElse("");
            assertTrue(challenge.contains("scope=\"repository:test/busybox:pull\""), challenge);

            String pullPush = "repository:test/busybox:pull,push";
            tokens.forgetRequests();
            String anonymous = token(tokens, pullPush, Optional.empty());
            String alices = token(tokens, pullPush, Optional.of(ALICE));
            assertEquals(List.of(new TokenRequest(Grant.ANONYMOUS, Optional.empty(), TokenServer.SERVICE,
                            List.of(ResourceScope.parse(pullPush)), 200),
                    new TokenRequest(Grant.BASIC, Optional.of("alice"), TokenServer.SERVICE,
                            List.of(ResourceScope.parse(pullPush)), 200)), tokens.requests());
            assertEquals(List.of("pull"), actions(anonymous), "anonymous asked for pull,push and got pull");
            assertEquals(List.of("pull", "push"), actions(alices));

            assertEquals(200, bearerGet(registry, "/v2/test/busybox/manifests/latest", anonymous), "pull is granted to anyone");
            assertEquals(202, bearerPost(registry, "/v2/test/busybox/blobs/uploads/", alices), "alice may push");
            assertEquals(401, bearerPost(registry, "/v2/test/busybox/blobs/uploads/", anonymous), "anonymous may not push");
        } finally {
            TempDirs.delete(work);
        }
    }

    @Test
    void wrongPasswordsAndRefusedAnonymousAccessGet401FromTheTokenServer() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE)) {
            String scope = "repository:a/b:pull";
            assertEquals(401, tokenStatus(tokens, scope, Optional.of(new RegistryCredentials("alice", "wrong"))));
            assertEquals(401, tokenStatus(tokens, scope, Optional.of(new RegistryCredentials("mallory", "wonderland"))));
            assertEquals(401, tokenStatus(tokens, scope, Optional.empty()));
            assertEquals(200, tokenStatus(tokens, scope, Optional.of(ALICE)));
            assertEquals(400, tokenStatus(tokens, scope + " repository:c:pull", Optional.of(ALICE)), "GET wants one scope per parameter");
            assertEquals(List.of(401, 401, 401, 200), tokens.requests().stream().map(TokenRequest::status).toList());
            assertEquals(List.of(Optional.of("alice"), Optional.of("mallory"), Optional.empty(), Optional.of("alice")),
                    tokens.requests().stream().map(TokenRequest::user).toList());
        }
    }

    @Test
    void noAccessTokensGrantNothingAndTheRegistrySays401() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.NO_ACCESS, ALICE);
             LocalRegistry registry = LocalRegistry.startWithTokenAuth(tokens)) {
            String nothing = token(tokens, "repository:test/x:pull", Optional.empty());
            assertTrue(claims(nothing).path("access").isEmpty(), claims(nothing).toString());
            assertEquals(401, bearerGet(registry, "/v2/test/x/tags/list", nothing));
            assertEquals(404, bearerGet(registry, "/v2/test/x/tags/list", token(tokens, "repository:test/x:pull", Optional.of(ALICE))),
                    "alice gets past auth to the registry's own answer");
        }
    }

    @Test
    void identityTokensAreExchangedThroughTheOAuth2Post() throws IOException {
        try (TokenServer tokens = TokenServer.start(AnonymousAccess.REFUSED, ALICE)) {
            String refresh = tokens.identityToken("alice");
            HttpResponse<byte[]> ok = post(tokens, "grant_type=refresh_token&refresh_token=" + refresh
                    + "&service=" + TokenServer.SERVICE + "&client_id=test&scope=" + enc("repository:a:pull repository:b:pull"));
            assertEquals(200, ok.statusCode());
            assertEquals(2, claims(JSON.readTree(ok.body()).path("access_token").asText()).path("access").size());
            assertEquals(401, post(tokens, "grant_type=refresh_token&refresh_token=nope&service=" + TokenServer.SERVICE).statusCode());
            HttpResponse<byte[]> password = post(tokens, "grant_type=password&username=alice&password=wonderland&access_type=offline"
                    + "&service=" + TokenServer.SERVICE + "&scope=" + enc("repository:a:pull"));
            assertEquals(200, password.statusCode());
            assertFalse(JSON.readTree(password.body()).path("refresh_token").asText().isEmpty());
            assertEquals(List.of(Grant.REFRESH_TOKEN, Grant.REFRESH_TOKEN, Grant.PASSWORD),
                    tokens.requests().stream().map(TokenRequest::grant).toList());
            assertThrows(IllegalArgumentException.class, () -> tokens.identityToken("nobody"));
        }
    }

    @Test
    void closeDeletesTheKeyAndStopsListening() throws IOException {
        TokenServer tokens = TokenServer.start(AnonymousAccess.PULL);
        Path bundle = tokens.rootCertBundle();
        assertTrue(Files.readString(bundle).startsWith("-----BEGIN CERTIFICATE-----\n"));
        tokens.close();
        assertFalse(Files.exists(bundle.getParent()), bundle.getParent() + " was not deleted");
        assertThrows(IOException.class, () -> tokenStatus(tokens, "repository:a:pull", Optional.empty()));
    }

    private static String token(TokenServer tokens, String scope, Optional<RegistryCredentials> as) throws IOException {
        HttpResponse<byte[]> r = send(tokenRequest(tokens, scope, as));
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(r.body());
        assertEquals(body.path("token").asText(), body.path("access_token").asText());
        assertEquals(300, body.path("expires_in").asInt());
        return body.path("token").asText();
    }

    private static int tokenStatus(TokenServer tokens, String scope, Optional<RegistryCredentials> as) throws IOException {
        return send(tokenRequest(tokens, scope, as)).statusCode();
    }

    private static HttpRequest tokenRequest(TokenServer tokens, String scope, Optional<RegistryCredentials> as) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(tokens.realm() + "?service=" + TokenServer.SERVICE + "&scope=" + enc(scope)));
        as.ifPresent(c -> b.header("Authorization", c.basicAuthorization()));
        return b.build();
    }

    private static HttpResponse<byte[]> post(TokenServer tokens, String form) throws IOException {
        return send(HttpRequest.newBuilder(tokens.realm()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static int bearerGet(LocalRegistry registry, String path, String token) throws IOException {
        return send(HttpRequest.newBuilder(registry.url().resolve(path)).header("Authorization", "Bearer " + token)
                .header("Accept", String.join(", ", LocalRegistry.ALL_MANIFEST_TYPES)).build()).statusCode();
    }

    private static int bearerPost(LocalRegistry registry, String path, String token) throws IOException {
        return send(HttpRequest.newBuilder(registry.url().resolve(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    private static JsonNode claims(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static List<String> actions(String jwt) throws IOException {
        return JSON.convertValue(claims(jwt).path("access").get(0).path("actions"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
