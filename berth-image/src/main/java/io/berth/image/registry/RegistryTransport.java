package io.berth.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * HTTP to one registry with its authentication: answers a 401 by following the challenge in
 * WWW-Authenticate (a bearer token from the realm, or basic auth) and retries once; caches tokens
 * per scope; follows redirects itself so credentials never go to another host (blob storage).
 * A second 401 is an error saying what was refused, so callers never see a 401 response.
 */
final class RegistryTransport {
    private static final int MAX_REDIRECTS = 5;

    private final RegistryEndpoint endpoint;
    private final String registryHost;
    private final CredentialStore credentials;
    private final HttpClient http;
    private final TokenFetcher tokens;
    private final Map<String, String> authorizationByScope = new ConcurrentHashMap<>();

    RegistryTransport(RegistryEndpoint endpoint, String registryHost, CredentialStore credentials) {
        this.endpoint = endpoint;
        this.registryHost = registryHost;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder()
                .version(endpoint.insecure() ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.tokens = new TokenFetcher(http, registryHost);
    }

    RegistryEndpoint endpoint() {
        return endpoint;
    }

    URI uri(String pathAndQuery) {
        return endpoint.base().resolve(pathAndQuery);
    }

    /**
     * Sends a request made by {@code request} (called again for each attempt, since bodies are
     * single-use), authenticated for {@code scope}, following redirects.
     */
    <T> HttpResponse<T> send(Supplier<HttpRequest.Builder> request, String scope, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpResponse<T> response = exchange(request.get(), scope, handler);
        if (response.statusCode() == 401) {
            List<Challenge> challenges = Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
            close(response);
            String sent = authorize(challenges, scope);
            response = exchange(request.get(), scope, handler);
            if (response.statusCode() == 401) {
                close(response);
                throw new RegistryException(registryHost + " refused access to "
                        + (scope.isEmpty() ? "the registry" : "\"" + scope + "\"") + " with " + sent + " (HTTP 401); "
                        + (sent.endsWith("(anonymous)") ? "the repository may not exist, or it needs credentials"
                        : "check the credentials for " + registryHost) + " (docker login " + registryHost + ")", 401, "UNAUTHORIZED");
            }
        }
        // only reads follow redirects: a redirected upload must fail loudly rather than turn into a GET
        String method = response.request().method();
        boolean read = method.equals("GET") || method.equals("HEAD");
        for (int hops = 0; read && isRedirect(response.statusCode()) && hops < MAX_REDIRECTS; hops++) {
            URI next = response.uri().resolve(response.headers().firstValue("Location")
                    .orElseThrow(() -> new RegistryException(endpoint.host() + ": redirect without a Location", 502, null)));
            close(response);
            HttpRequest.Builder follow = HttpRequest.newBuilder(next).GET().timeout(Duration.ofMinutes(10));
            request.get().build().headers().firstValue("Range").ifPresent(r -> follow.header("Range", r));
            boolean sameHost = next.getAuthority() != null && next.getAuthority().equals(endpoint.base().getAuthority());
            response = sameHost ? exchange(follow, scope, handler) : call(follow.build(), handler);
        }
        return response;
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder builder, String scope, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        builder.setHeader("User-Agent", "berth/0.1");
        HttpRequest request = builder.build();
        String authorization = authorizationByScope.get(scope);
        // credentials go to the registry only, never to another host an upload Location names
        if (authorization != null && endpoint.base().getAuthority().equals(request.uri().getAuthority())) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).setHeader("Authorization", authorization).build();
        }
        return call(request, handler);
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted talking to " + endpoint.host(), e);
        } catch (javax.net.ssl.SSLException e) {
            throw new RegistryException(endpoint.host() + ": TLS failed (" + e.getMessage() + "); if this registry "
                    + "serves plain HTTP or has a certificate this machine does not trust, mark it insecure "
                    + "(--insecure-registry " + registryHost + ")", e);
        } catch (IOException e) {
            throw new RegistryException("cannot reach registry " + endpoint.host() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** Sets the Authorization for {@code scope} that the challenges ask for; returns what it is, for error messages. */
    private String authorize(List<Challenge> challenges, String scope) throws IOException {
        Optional<Credentials> creds = lookupCredentials();
        for (Challenge c : challenges) {
            if (c.scheme().equalsIgnoreCase("bearer")) {
                authorizationByScope.put(scope, "Bearer " + tokens.fetch(c, scope, creds));
                return "a token from " + URI.create(c.param("realm").orElseThrow()).getAuthority()
                        + " (" + TokenFetcher.requester(creds) + ")";
            }
        }
        for (Challenge c : challenges) {
            if (c.scheme().equalsIgnoreCase("basic")) {
                Credentials cr = creds.filter(u -> u.username() != null).orElseThrow(() -> new RegistryException(
                        registryHost + " requires authentication and there are no credentials for it (docker login "
                                + registryHost + ", or $DOCKER_CONFIG/config.json)", 401, "UNAUTHORIZED"));
                authorizationByScope.put(scope, TokenFetcher.basic(cr));
                return "the password of user " + cr.username();
            }
        }
        throw new RegistryException(registryHost + " refused the request (401) without a usable authentication challenge", 401, "UNAUTHORIZED");
    }

    /** The credentials for this registry; a broken config.json or helper is an error about this registry, not retried. */
    private Optional<Credentials> lookupCredentials() throws RegistryException {
        try {
            return credentials.lookup(registryHost);
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            RegistryException error = new RegistryException("credentials for " + registryHost + ": " + e.getMessage(), 401, "UNAUTHORIZED");
            error.initCause(e);
            throw error;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static void close(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
    }
}
