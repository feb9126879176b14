package io.berth.testing.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.berth.testing.registry.TokenRequest.Grant;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP side of {@link TokenServer}: {@code GET /token} (distribution's token spec) and the
 * OAuth2 {@code POST /token} (its "OAuth2 Token Authentication" page). Errors come back the way
 * Docker Hub's auth server writes them, {@code {"details": "..."}}, or OAuth2's {@code {"error": ...}}.
 */
final class TokenHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenServer tokens;

    TokenHandler(TokenServer tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                switch (exchange.getRequestMethod()) {
                    case "GET" -> get(exchange, fields(exchange.getRequestURI().getRawQuery()));
                    case "POST" -> post(exchange, fields(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                    default -> respond(exchange, 405, Map.of("details", "only GET and POST are served here"));
                }
            } catch (IllegalArgumentException bad) {
                respond(exchange, 400, Map.of("details", bad.getMessage()));
            }
        }
    }

    private void get(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
        String service = first(query, "service");
        List<ResourceScope> scopes = ResourceScope.parseEach(query.getOrDefault("scope", List.of()));
        Optional<BasicAuth> basic = basicAuth(exchange);
        Optional<String> user = basic.map(BasicAuth::user);
        Grant grant = basic.isPresent() ? Grant.BASIC : Grant.ANONYMOUS;
        if (basic.isPresent() && !tokens.authenticate(basic.get().user(), basic.get().password())) {
            refuse(exchange, new TokenRequest(grant, user, service, scopes, 401), Map.of("details", "incorrect username or password"));
            return;
        }
        answer(exchange, grant, user, service, scopes, false);
    }

    private void post(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
        String service = first(form, "service");
        List<ResourceScope> scopes = ResourceScope.parseAll(form.getOrDefault("scope", List.of()));
        String grantType = first(form, "grant_type");
        Grant grant;
        Optional<String> user;
        switch (grantType) {
            case "password" -> {
                grant = Grant.PASSWORD;
                user = Optional.of(first(form, "username"));
                if (!tokens.authenticate(user.get(), first(form, "password"))) {
                    refuse(exchange, new TokenRequest(grant, user, service, scopes, 401), Map.of("error", "invalid_grant"));
                    return;
                }
            }
            case "refresh_token" -> {
                grant = Grant.REFRESH_TOKEN;
                user = tokens.userOfRefreshToken(first(form, "refresh_token"));
                if (user.isEmpty()) {
                    refuse(exchange, new TokenRequest(grant, user, service, scopes, 401), Map.of("error", "invalid_grant"));
                    return;
                }
            }
            default -> throw new IllegalArgumentException("unsupported grant_type: " + grantType);
        }
        answer(exchange, grant, user, service, scopes, grant == Grant.PASSWORD && "offline".equals(first(form, "access_type")));
    }

    private void answer(HttpExchange exchange, Grant grant, Optional<String> user, String service, List<ResourceScope> scopes,
                        boolean withRefreshToken) throws IOException {
        if (!TokenServer.SERVICE.equals(service)) {
            refuse(exchange, 400, new TokenRequest(grant, user, service, scopes, 400),
                    Map.of("details", "unknown service \"" + service + "\", this server issues tokens for " + TokenServer.SERVICE));
            return;
        }
        Optional<List<ResourceScope>> granted = tokens.grant(user, scopes);
        if (granted.isEmpty()) {
            refuse(exchange, new TokenRequest(grant, user, service, scopes, 401), Map.of("details", "anonymous access is not allowed"));
            return;
        }
        String token = tokens.issue(user, granted.get());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("access_token", token);
        body.put("expires_in", TokenServer.TOKEN_LIFETIME.toSeconds());
        body.put("issued_at", Instant.now().toString());
        if (withRefreshToken) {
            body.put("refresh_token", tokens.identityToken(user.orElseThrow()));
        }
        tokens.record(new TokenRequest(grant, user, service, scopes, 200));
        respond(exchange, 200, body);
    }

    private void refuse(HttpExchange exchange, TokenRequest request, Map<String, ?> body) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + TokenServer.ISSUER + "\"");
        refuse(exchange, 401, request, body);
    }

    private void refuse(HttpExchange exchange, int status, TokenRequest request, Map<String, ?> body) throws IOException {
        tokens.record(request);
        respond(exchange, status, body);
    }

    private static void respond(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record BasicAuth(String user, String password) {}

    /** USER and PASSWORD from {@code Authorization: Basic ...}, if the client sent them. */
    private static Optional<BasicAuth> basicAuth(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Authorization: Basic is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Authorization: Basic is not USER:PASSWORD");
        }
        return Optional.of(new BasicAuth(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** The fields of a query string or an {@code application/x-www-form-urlencoded} body. */
    private static Map<String, List<String>> fields(String encoded) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }
}
