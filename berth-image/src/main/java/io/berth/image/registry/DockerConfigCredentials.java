package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Credentials as {@code docker login} stores them in {@code $DOCKER_CONFIG/config.json}
 * (default {@code ~/.docker/config.json}): a credential helper named for the host in
 * {@code credHelpers} ({@code docker-credential-NAME get}), else inline in {@code auths} (an
 * exact key first, then any key whose host matches once scheme and path are stripped), else the
 * {@code credsStore} helper. Docker asks {@code credsStore} before {@code auths}; asking it last
 * differs only when both hold credentials for a host, which {@code docker login} never writes.
 */
public final class DockerConfigCredentials implements CredentialStore {
    // Docker keys Docker Hub's credentials by its old v1 index address
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final long HELPER_TIMEOUT_SECONDS = 30;

    private final Path configFile;
    private final Optional<Path> helperDir;
    private final ObjectMapper json = new ObjectMapper();

    public DockerConfigCredentials(Path configFile) {
        this(configFile, Optional.empty());
    }

    /** Runs credential helpers from {@code helperDir} instead of $PATH, which a test cannot change in its own JVM. */
    DockerConfigCredentials(Path configFile, Optional<Path> helperDir) {
        this.configFile = configFile;
        this.helperDir = helperDir;
    }

    /** The config file the docker CLI would use in this environment. */
    public static DockerConfigCredentials fromEnvironment(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".docker");
        return new DockerConfigCredentials(base.resolve("config.json"));
    }

    public Path configFile() {
        return configFile;
    }

    @Override
    public Optional<Credentials> lookup(String registryHost) {
        if (!Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        JsonNode config;
        try {
            config = json.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registry credentials from " + configFile + ": " + e.getMessage(), e);
        }
        String key = registryHost.equals("docker.io") ? DOCKER_HUB_KEY : registryHost;
        String helper = config.path("credHelpers").path(key).asText(null);
        if (helper == null) {
            helper = config.path("credHelpers").path(registryHost).asText(null);
        }
        if (helper != null && !helper.isEmpty()) {
            return fromHelper(helper, key);
        }
        Optional<Credentials> inline = inline(config.path("auths"), key, registryHost);
        if (inline.isPresent()) {
            return inline;
        }
        String store = config.path("credsStore").asText("");
        return store.isEmpty() ? Optional.empty() : fromHelper(store, key);
    }

    private Optional<Credentials> inline(JsonNode auths, String key, String registryHost) {
        if (auths.has(key)) {
            Optional<Credentials> exact = inline(auths.get(key), key);
            if (exact.isPresent()) {
                return exact;
            }
        }
        for (var it = auths.properties().iterator(); it.hasNext(); ) {
            var entry = it.next();
            String host = hostOf(entry.getKey());
            if (host.equals(hostOf(key)) || host.equals(registryHost)) {
                Optional<Credentials> matched = inline(entry.getValue(), entry.getKey());
                if (matched.isPresent()) {
                    return matched;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Credentials> inline(JsonNode auth, String key) {
        String identity = auth.path("identitytoken").asText(null);
        String encoded = auth.path("auth").asText("");
        if (!encoded.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(configFile + ": auths[\"" + key + "\"].auth is not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(configFile + ": auths[\"" + key + "\"].auth is not user:password");
            }
            return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1), identity));
        }
        String user = auth.path("username").asText(null);
        if (user != null) {
            return Optional.of(new Credentials(user, auth.path("password").asText(""), identity));
        }
        return identity == null ? Optional.empty() : Optional.of(new Credentials(null, null, identity));
    }

    /** The credential helper protocol: the server address on stdin, {Username, Secret} on stdout, exit 1 if it has none. */
    private Optional<Credentials> fromHelper(String helper, String serverUrl) {
        String name = "docker-credential-" + helper;
        String program = helperDir.map(dir -> dir.resolve(name).toString()).orElse(name);
        try {
            Process p = new ProcessBuilder(program, "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = p.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException exitedWithoutReading) {
                // a helper may answer without reading stdin and be gone already: its output decides
            }
            // an answer is a few hundred bytes, far below a pipe's buffer, so waiting before reading cannot block the helper
            if (!p.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UncheckedIOException(new IOException("credential helper " + name + " (named in " + configFile
                        + ") did not answer within " + HELPER_TIMEOUT_SECONDS + " s"));
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (p.exitValue() != 0) {
                return Optional.empty(); // "credentials not found in native keychain"
            }
            JsonNode answer = json.readTree(out);
            String user = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            return "<token>".equals(user)
                    ? Optional.of(new Credentials(null, null, secret))
                    : Optional.of(new Credentials(user, secret, null));
        } catch (IOException e) {
            throw new UncheckedIOException("credential helper " + name + " (named in " + configFile + ") failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking credential helper " + name, e);
        }
    }

    private static String hostOf(String key) {
        String k = key;
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        return slash >= 0 ? k.substring(0, slash) : k;
    }
}
