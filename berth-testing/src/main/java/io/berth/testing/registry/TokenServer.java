package io.berth.testing.registry;

import com.sun.net.httpserver.HttpServer;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A token server for a {@link LocalRegistry} started with {@link LocalRegistry#startWithTokenAuth}:
 * the bearer-token flow of the distribution spec ("Token Authentication Specification") as Docker
 * Hub runs it. A JDK HTTP server on a free port of 127.0.0.1 answers {@code GET /token?service=&scope=}
 * (HTTP basic auth for users) and the OAuth2 {@code POST /token} (password and refresh-token
 * grants) with a signed JWT that grants the scopes asked for: all of them to a known user, what
 * {@link AnonymousAccess} says to anyone else, 401 to a wrong password. Every request is recorded
 * ({@link #requests()}) so tests can check what a client asked for and how often.
 */
public final class TokenServer implements AutoCloseable {
    /** The {@code service} the registry names in its challenges and the {@code aud} of every token. */
    public static final String SERVICE = "berth-test-registry";
    /** The {@code iss} of every token; the registry trusts no other. */
    public static final String ISSUER = "berth-test-token-server";
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final Path dir;
    private final TokenSigner signer;
    private final AnonymousAccess anonymous;
    private final Map<String, RegistryCredentials> users = new ConcurrentHashMap<>();
    private final RegistryCredentials fixtureUser;
    private final Map<String, String> userByRefreshToken = new ConcurrentHashMap<>();
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;
    private boolean closed;

    private TokenServer(Path dir, TokenSigner signer, AnonymousAccess anonymous, List<RegistryCredentials> users)
            throws IOException {
        this.dir = dir;
        this.signer = signer;
        this.anonymous = anonymous;
        users.forEach(u -> this.users.put(u.username(), u));
        this.fixtureUser = new RegistryCredentials("berth-fixture-" + UUID.randomUUID(), UUID.randomUUID().toString());
        this.users.put(fixtureUser.username(), fixtureUser);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", new TokenHandler(this));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a token server that knows {@code users} (all actions on every repository) and treats others as {@code anonymous} says. */
    public static TokenServer start(AnonymousAccess anonymous, RegistryCredentials... users) throws IOException {
        Path dir = Files.createTempDirectory("berth-token-server-");
        try {
            return new TokenServer(dir, TokenSigner.create(dir, ISSUER), anonymous, List.of(users));
        } catch (IOException | RuntimeException e) {
            TempDirs.delete(dir);
            throw e;
        }
    }

    /** Where clients fetch tokens: the {@code realm} of the registry's bearer challenge. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** {@code 127.0.0.1:PORT} of the token server, as error messages should name it. */
    public String host() {
        return realm().getAuthority();
    }

    /** The PEM certificate the registry's {@code auth.token.rootcertbundle} points at. */
    public Path rootCertBundle() {
        return dir.resolve("token-signer.pem");
    }

    public AnonymousAccess anonymousAccess() {
        return anonymous;
    }

    /**
     * A user with every right, made for this server: {@link LocalRegistry}'s own query helpers and
     * skopeo pushes use it, so tests can tell the client under test apart by its user.
     */
    public RegistryCredentials fixtureUser() {
        return fixtureUser;
    }

    /**
     * A refresh token for {@code username}, as {@code docker login} with an OAuth2 flow keeps it
     * in config.json's {@code identitytoken}; the OAuth2 POST exchanges it for access tokens.
     */
    public String identityToken(String username) {
        if (!users.containsKey(username)) {
            throw new IllegalArgumentException("token server has no user " + username + " (users: " + users.keySet() + ")");
        }
        String token = "berth-refresh-" + UUID.randomUUID();
        userByRefreshToken.put(token, username);
        return token;
    }

    /** Every request answered so far, oldest first, the fixture user's included. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests of everyone but {@link #fixtureUser()}: what the client under test asked for. */
    public List<TokenRequest> clientRequests() {
        return requests.stream().filter(r -> !r.user().equals(Optional.of(fixtureUser.username()))).toList();
    }

    /** Forgets the requests so far, so a test counts only its own. */
    public void forgetRequests() {
        requests.clear();
    }

    /** A bearer token for the fixture user, signed but not asked for over HTTP (and not recorded). */
    String mintForFixture(List<ResourceScope> scopes) {
        return issue(Optional.of(fixtureUser.username()), scopes);
    }

    boolean authenticate(String username, String password) {
        RegistryCredentials known = users.get(username);
        return known != null && known.password().equals(password);
    }

    Optional<String> userOfRefreshToken(String refreshToken) {
        return Optional.ofNullable(userByRefreshToken.get(refreshToken));
    }

    /** What a token for {@code user} (empty: anonymous) may do; empty when anonymous access is refused outright. */
    Optional<List<ResourceScope>> grant(Optional<String> user, List<ResourceScope> asked) {
        if (user.isPresent()) {
            return Optional.of(asked);
        }
        return switch (anonymous) {
            case PULL -> Optional.of(asked.stream().map(s -> s.restrictedTo(List.of("pull"))).toList());
            case NO_ACCESS -> Optional.of(List.of());
            case REFUSED -> Optional.empty();
        };
    }

    /** A signed JWT with the claims distribution checks: issuer, audience, validity, access. */
    String issue(Optional<String> subject, List<ResourceScope> granted) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject.orElse(""));
        claims.put("aud", SERVICE);
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", granted.stream().map(s -> Map.of("type", s.type(), "name", s.name(), "actions", s.actions())).toList());
        return signer.sign(claims);
    }

    void record(TokenRequest request) {
        requests.add(request);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop(0);
            executor.close();
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Override
    public String toString() {
        return "TokenServer[" + realm() + ", anonymous " + anonymous + ", users " + users.size() + "]";
    }
}
