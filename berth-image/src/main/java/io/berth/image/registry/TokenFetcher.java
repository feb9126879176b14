package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Gets a bearer token from the realm of a registry's challenge (distribution's "Token
 * Authentication Specification"): {@code GET realm?service=&scope=}, with HTTP basic auth when
 * there is a user, or, for the identity token {@code docker login} keeps after an OAuth2 login,
 * the OAuth2 {@code POST realm} with {@code grant_type=refresh_token}, as the docker CLI does.
 */
final class TokenFetcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    // the OAuth2 client_id the token spec asks clients to send; any name is accepted
    private static final String CLIENT_ID = "berth";

    private final HttpClient http;
    private final String registryHost;

    TokenFetcher(HttpClient http, String registryHost) {
        this.http = http;
        this.registryHost = registryHost;
    }

    /** A token for {@code scope} (empty: no repository, as for GET /v2/), as {@code creds} allow. */
    String fetch(Challenge challenge, String scope, Optional<Credentials> creds) throws RegistryException {
        String realm = challenge.param("realm").orElseThrow(() ->
                new RegistryException(registryHost + " sent a bearer challenge without a realm", 401, "UNAUTHORIZED"));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(registryHost + " sent a bearer challenge whose realm is not a URL: " + realm, 401, "UNAUTHORIZED");
        }
        Optional<String> service = challenge.param("service");
        boolean oauth = requester(creds).equals("identity token");
        HttpRequest request = oauth
                ? refreshTokenRequest(realmUri, service, scope, creds.get().identityToken())
                : getRequest(realm, service, scope, creds.filter(c -> c.username() != null));
        HttpResponse<byte[]> response = call(request, realmUri);
        if (response.statusCode() != 200) {
            String who = requester(creds);
            throw new RegistryException("token server " + realmUri.getAuthority() + " refused a token for "
                    + (scope.isEmpty() ? "the registry" : "\"" + scope + "\"") + " on " + registryHost + " (" + who + "; HTTP "
                    + response.statusCode() + serverSays(response.body()) + ")"
                    + (who.equals("anonymous") ? "; there are no credentials for " + registryHost + " (docker login " + registryHost + ")" : ""),
                    response.statusCode(), response.statusCode() == 401 || response.statusCode() == 403 ? "UNAUTHORIZED" : null);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RegistryException("token server " + realmUri.getAuthority() + " of " + registryHost + " answered with "
                    + "something that is not JSON: " + e.getMessage(), 502, null);
        }
        String token = answer.path("token").asText(answer.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new RegistryException("token server " + realmUri.getAuthority() + " of " + registryHost
                    + " answered without a token", 502, null);
        }
        return token;
    }

    private static HttpRequest getRequest(String realm, Optional<String> service, String scope, Optional<Credentials> user) {
        StringBuilder url = new StringBuilder(realm);
        char separator = realm.contains("?") ? '&' : '?';
        if (service.isPresent()) {
            url.append(separator).append("service=").append(enc(service.get()));
            separator = '&';
        }
        // several scopes (a push that mounts from another repository) go as repeated parameters, as docker sends them
        for (String one : scope.split(" ")) {
            if (!one.isEmpty()) {
                url.append(separator).append("scope=").append(enc(one));
                separator = '&';
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url.toString())).GET().timeout(Duration.ofSeconds(60));
        user.ifPresent(c -> builder.header("Authorization", basic(c)));
        return builder.build();
    }

    private static HttpRequest refreshTokenRequest(URI realm, Optional<String> service, String scope, String refreshToken) {
        StringBuilder form = new StringBuilder("grant_type=refresh_token&refresh_token=").append(enc(refreshToken))
                .append("&client_id=").append(CLIENT_ID);
        service.ifPresent(s -> form.append("&service=").append(enc(s)));
        if (!scope.isEmpty()) {
            form.append("&scope=").append(enc(scope));
        }
        return HttpRequest.newBuilder(realm).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
    }

    private HttpResponse<byte[]> call(HttpRequest request, URI realm) throws RegistryException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted asking " + realm.getAuthority() + " for a token", e);
        } catch (IOException e) {
            throw new RegistryException("cannot reach token server " + realm.getAuthority() + " of " + registryHost + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** What an auth server said about a refusal: Docker Hub's "details", OAuth2's "error", distribution's errors[0]. */
    private static String serverSays(byte[] body) {
        try {
            JsonNode answer = JSON.readTree(body);
            for (String field : new String[] {"details", "error_description", "error"}) {
                if (answer.path(field).isTextual() && !answer.path(field).asText().isBlank()) {
                    return ": " + answer.path(field).asText().strip();
                }
            }
            String message = answer.path("errors").path(0).path("message").asText("");
            return message.isBlank() ? "" : ": " + message.strip();
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }

    /** Who asks for a token with {@code creds}, as error messages name it: "user NAME", "identity token" or "anonymous". */
    static String requester(Optional<Credentials> creds) {
        if (creds.isPresent() && creds.get().identityToken() != null && !creds.get().identityToken().isEmpty()) {
            return "identity token";
        }
        return creds.filter(c -> c.username() != null).map(c -> "user " + c.username()).orElse("anonymous");
    }

    static String basic(Credentials c) {
        String secret = c.secret() == null ? "" : c.secret();
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
