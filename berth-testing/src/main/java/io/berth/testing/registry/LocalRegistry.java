package io.berth.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real registry for tests: Debian's {@code docker-registry} (the reference distribution server,
 * 2.8) serving plain HTTP on a free port of 127.0.0.1, storing blobs in a temp dir. {@link #close()}
 * ends the process by its PID and deletes the temp dir; a JVM that dies first still ends it through
 * a shutdown hook.
 *
 * <p>The query helpers ({@link #tags}, {@link #manifest}, ...) talk to the registry API directly so
 * tests can check what a push really stored without trusting the client under test.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final Path PROGRAM = Path.of("/usr/bin/docker-registry");
    /** The manifest types a client asks for when it does not care which one it gets. */
    public static final List<String> ALL_MANIFEST_TYPES = List.of(
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_SCOPE = Pattern.compile("scope=\"([^\"]*)\"");

    private final Path dir;
    private final int port;
    private final Process process;
    private final Optional<RegistryCredentials> credentials;
    private final Optional<TokenServer> tokens;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final Thread killOnExit;
    private boolean closed;

    private LocalRegistry(Path dir, int port, Process process, Optional<RegistryCredentials> credentials,
                          Optional<TokenServer> tokens) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.credentials = credentials;
        this.tokens = tokens;
        this.killOnExit = new Thread(this::killAtExit, "kill docker-registry " + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a registry that lets anyone push and pull. */
    public static LocalRegistry start() throws IOException {
        return launch(Optional.empty(), UnaryOperator.identity());
    }

    /** Starts a registry that answers 401 to anyone but {@code user} with {@code password} (HTTP basic auth). */
    public static LocalRegistry startWithBasicAuth(String user, String password) throws IOException {
        return launch(Optional.of(new RegistryCredentials(user, password)), UnaryOperator.identity());
    }

    /**
     * Starts a registry that wants bearer tokens from {@code tokens} (which the caller starts and
     * closes). {@link #credentials()} is then the token server's fixture user, so skopeo pushes
     * and the query helpers work; the client under test brings its own credentials.
     */
    public static LocalRegistry startWithTokenAuth(TokenServer tokens) throws IOException {
        return launch(Optional.of(tokens.fixtureUser()), Optional.of(tokens), UnaryOperator.identity());
    }

    /** Starts a registry; {@code configEdit} may change the config.yml text, so tests can break it on purpose. */
    static LocalRegistry launch(Optional<RegistryCredentials> credentials, UnaryOperator<String> configEdit)
            throws IOException {
        return launch(credentials, Optional.empty(), configEdit);
    }

    private static LocalRegistry launch(Optional<RegistryCredentials> credentials, Optional<TokenServer> tokens,
                                        UnaryOperator<String> configEdit) throws IOException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new IllegalStateException(PROGRAM + " is missing: install the docker-registry package");
        }
        Path dir = Files.createTempDirectory("berth-registry-");
        try {
            Path storage = Files.createDirectories(dir.resolve("storage"));
            Optional<Path> htpasswd = credentials.isEmpty() || tokens.isPresent() ? Optional.empty()
                    : Optional.of(Htpasswd.write(dir.resolve("htpasswd"), credentials.get()));
            for (int attempt = 1; ; attempt++) {
                RegistryConfig config = new RegistryConfig(storage, FreePort.pick(), htpasswd, tokens);
                LocalRegistry registry = spawn(dir, config.port(), configEdit.apply(config.yaml()), credentials, tokens);
                try {
                    registry.awaitReady();
                    return registry;
                } catch (IOException e) {
                    registry.stopProcess();
                    registry.http.close();
                    if (attempt == PORT_ATTEMPTS || !registry.log().contains("address already in use")) {
                        throw e;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            TempDirs.delete(dir);
            throw e;
        }
    }

    private static LocalRegistry spawn(Path dir, int port, String configYaml, Optional<RegistryCredentials> credentials,
                                       Optional<TokenServer> tokens) throws IOException {
        Path configFile = Files.writeString(dir.resolve("config.yml"), configYaml);
        Process process = new ProcessBuilder(PROGRAM.toString(), "serve", configFile.toString())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
                .start();
        return new LocalRegistry(dir, port, process, credentials, tokens);
    }

    private void awaitReady() throws IOException {
        int expected = credentials.isPresent() ? 401 : 200;
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(PROGRAM + " on port " + port + " exited with " + process.exitValue()
                        + " before answering; its log:\n" + log());
            }
            try {
                int status = getAnonymously("/v2/").statusCode();
                if (status == expected) {
                    return;
                }
                throw new IOException(PROGRAM + " answered GET /v2/ with " + status + ", expected " + expected
                        + "; its log:\n" + log());
            } catch (ConnectException | HttpTimeoutException notListeningYet) {
                pause();
            }
        }
        throw new IOException(PROGRAM + " did not answer on " + host() + " within " + START_LIMIT + "; its log:\n" + log());
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the registry", e);
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI url() {
        return URI.create("http://" + host());
    }

    /** {@code HOST/repo:tag} for a {@code repo:tag} (or {@code repo@digest}) on this registry. */
    public String reference(String repoAndTag) {
        return host() + "/" + repoAndTag;
    }

    public Optional<RegistryCredentials> credentials() {
        return credentials;
    }

    /** The token server this registry trusts, if it was started with token auth. */
    public Optional<TokenServer> tokenServer() {
        return tokens;
    }

    /** Where the registry keeps its blobs and repositories (distribution's filesystem layout). */
    public Path storageDir() {
        return dir.resolve("storage");
    }

    public Path logFile() {
        return dir.resolve("registry.log");
    }

    /** The registry's output so far: warnings, errors and one access-log line per request. */
    public String log() {
        try {
            return Files.readString(logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The tags of {@code repo}, or an empty list if nothing was ever pushed there. */
    public List<String> tags(String repo) throws IOException {
        HttpResponse<byte[]> response = get("/v2/" + repo + "/tags/list");
        if (response.statusCode() == 404) {
            return List.of();
        }
        JsonNode tags = JSON.readTree(expectOk(response)).path("tags");
        List<String> names = new ArrayList<>();
        tags.forEach(tag -> names.add(tag.asText()));
        return List.copyOf(names);
    }

    /** The manifest bytes exactly as stored, asking for {@code accept} types (all known types if none). */
    public byte[] manifest(String repo, String reference, String... accept) throws IOException {
        return expectOk(get("/v2/" + repo + "/manifests/" + reference, accept));
    }

    /** The {@code Docker-Content-Digest} the registry reports for a manifest. */
    public String manifestDigest(String repo, String reference, String... accept) throws IOException {
        HttpResponse<byte[]> response = get("/v2/" + repo + "/manifests/" + reference, accept);
        expectOk(response);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow(() -> new IOException(
                "the registry sent no Docker-Content-Digest for " + repo + ":" + reference));
    }

    public byte[] blob(String repo, String digest) throws IOException {
        return expectOk(get("/v2/" + repo + "/blobs/" + digest));
    }

    /** A GET of {@code path} with this registry's credentials, if it has any. */
    public HttpResponse<byte[]> get(String path, String... accept) throws IOException {
        if (tokens.isPresent()) {
            return getWithFixtureToken(tokens.get(), path, accept);
        }
        return credentials.isPresent() ? getAs(credentials.get(), path, accept) : getAnonymously(path, accept);
    }

    /**
     * A GET with a token minted for the scope the registry's challenge names, so checking what a
     * push stored neither trusts the client under test nor shows up in the token server's log.
     */
    private HttpResponse<byte[]> getWithFixtureToken(TokenServer server, String path, String... accept) throws IOException {
        HttpResponse<byte[]> anonymous = getAnonymously(path, accept);
        if (anonymous.statusCode() != 401) {
            return anonymous;
        }
        Matcher scope = CHALLENGE_SCOPE.matcher(anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
        List<ResourceScope> scopes = scope.find() ? ResourceScope.parseAll(List.of(scope.group(1))) : List.of();
        return send(request(path, accept).header("Authorization", "Bearer " + server.mintForFixture(scopes)).build());
    }

    /** A GET of {@code path} with the given credentials, right or wrong. */
    public HttpResponse<byte[]> getAs(RegistryCredentials as, String path, String... accept) throws IOException {
        return send(request(path, accept).header("Authorization", as.basicAuthorization()).build());
    }

    /** A GET of {@code path} without credentials, to check what an anonymous client is told. */
    public HttpResponse<byte[]> getAnonymously(String path, String... accept) throws IOException {
        return send(request(path, accept).build());
    }

    private HttpRequest.Builder request(String path, String... accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(10)).GET();
        List<String> types = accept.length == 0 ? ALL_MANIFEST_TYPES : List.of(accept);
        return request.header("Accept", String.join(", ", types));
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + request, e);
        }
    }

    private static byte[] expectOk(HttpResponse<byte[]> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("GET " + response.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8).strip());
        }
        return response.body();
    }

    private void stopProcess() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping " + PROGRAM + " (pid " + process.pid() + ")", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; it kills the same process
            }
        }
    }

    /** The shutdown hook of a JVM that ends without {@link #close()}: a test run killed or timed out. */
    private void killAtExit() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            TempDirs.delete(dir);
        } catch (IOException | InterruptedException e) {
            // the JVM is exiting; a leftover temp dir is all that is lost
        }
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 5 s) and deletes its storage. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopProcess();
        } finally {
            http.close();
            TempDirs.delete(dir);
        }
    }

    @Override
    public String toString() {
        String auth = tokens.isPresent() ? ", token auth" : credentials.isPresent() ? ", basic auth" : "";
        return "LocalRegistry[" + host() + auth + ", pid " + process.pid() + "]";
    }
}
