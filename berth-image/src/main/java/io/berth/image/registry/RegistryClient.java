package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.image.content.ContentWriter;
import io.berth.image.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The OCI distribution API of one registry: manifests and blobs, pulled and pushed. Network
 * failures, 5xx and 429 answers are retried with backoff; a blob download that breaks off resumes
 * where it stopped with a Range request.
 */
public final class RegistryClient {
    /** Everything Berth can pull, best first. */
    public static final List<String> MANIFEST_ACCEPT = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registryHost;
    private final RegistryTransport transport;
    private final RetryPolicy retry;

    public RegistryClient(String registryHost, Set<String> insecureRegistries, CredentialStore credentials) {
        this(registryHost, RegistryEndpoint.of(registryHost, insecureRegistries), credentials, RetryPolicy.DEFAULT);
    }

    public RegistryClient(String registryHost, RegistryEndpoint endpoint, CredentialStore credentials, RetryPolicy retry) {
        this.registryHost = registryHost;
        this.transport = new RegistryTransport(endpoint, registryHost, credentials);
        this.retry = retry;
    }

    public String registryHost() {
        return registryHost;
    }

    /** GET /v2/: is this a registry, and may we talk to it. */
    public void ping() throws IOException {
        retry.run("ping " + registryHost, () -> {
            HttpResponse<byte[]> r = transport.send(() -> get("/v2/"), "", HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200 && r.statusCode() != 401) {
                throw error(r, registryHost + " does not answer as a registry (GET /v2/)");
            }
            return null;
        });
    }

    /** Fetches a manifest or index by tag or digest; a digest reference is verified against the bytes. */
    public ManifestResponse manifest(String repository, String reference) throws IOException {
        return retry.run("pull manifest " + repository + ":" + reference, () -> {
            HttpResponse<byte[]> r = transport.send(() -> get("/v2/" + repository + "/manifests/" + reference)
                    .header("Accept", String.join(", ", MANIFEST_ACCEPT)), pull(repository), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw error(r, "manifest for " + registryHost + "/" + repository + (reference.contains(":") ? "@" : ":") + reference);
            }
            byte[] body = r.body();
            Digest actual = Digest.sha256(body);
            if (reference.contains(":")) {
                Digest wanted = Digest.parse(reference);
                Digest got = wanted.algorithm().equals("sha256") ? actual : Digest.of(wanted.algorithm(), hash(wanted, body));
                if (!got.equals(wanted)) {
                    throw new RegistryException(registryHost + " sent a manifest for " + repository + "@" + wanted
                            + " whose digest is " + got, 502, "DIGEST_INVALID");
                }
                actual = got;
            }
            String type = r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
            return new ManifestResponse(body, type, actual);
        });
    }

    /** HEAD of a blob: its size if the repository has it. */
    public Optional<Long> blobSize(String repository, Digest digest, String scope) throws IOException {
        return retry.run("check blob " + digest, () -> {
            HttpResponse<Void> r = transport.send(() -> HttpRequest.newBuilder(transport.uri("/v2/" + repository + "/blobs/" + digest))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)),
                    scope, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            if (r.statusCode() != 200) {
                throw error(r, "blob " + digest + " in " + repository);
            }
            return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
        });
    }

    /**
     * Downloads a blob into a content writer, resuming from what it holds already, and commits it
     * (which verifies size and digest).
     */
    public void fetchBlob(String repository, ContentWriter writer, BlobProgress progress) throws IOException {
        Digest digest = writer.expected();
        retry.run("pull blob " + digest.shortHex(), () -> {
            long offset = writer.offset();
            if (offset < writer.expectedSize()) {
                HttpResponse<InputStream> r = transport.send(() -> {
                    HttpRequest.Builder b = get("/v2/" + repository + "/blobs/" + digest).timeout(Duration.ofMinutes(30));
                    if (offset > 0) {
                        b.header("Range", "bytes=" + offset + "-");
                    }
                    return b;
                }, pull(repository), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    if (r.statusCode() == 200 && offset > 0) {
                        writer.truncate(); // the server ignored Range: start over
                    } else if (r.statusCode() != 200 && r.statusCode() != 206) {
                        throw error(r, "blob " + digest + " of " + repository);
                    }
                    byte[] buffer = new byte[1 << 17];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        writer.write(buffer, 0, n);
                        progress.transferred(writer.offset(), writer.expectedSize());
                    }
                } catch (IOException e) {
                    if (e instanceof RegistryException || e instanceof io.berth.image.content.ContentVerificationException) {
                        throw e;
                    }
                    throw new RegistryException("download of " + digest.shortHex() + " from " + registryHost
                            + " broke off at " + writer.offset() + " bytes: " + e.getMessage(), e);
                }
            }
            writer.commit();
            return null;
        });
    }

    /** Opens a blob for streaming (no resume): for content that is only passed through. */
    public InputStream openBlob(String repository, Digest digest) throws IOException {
        return retry.run("pull blob " + digest.shortHex(), () -> {
            HttpResponse<InputStream> r = transport.send(() -> get("/v2/" + repository + "/blobs/" + digest)
                    .timeout(Duration.ofMinutes(30)), pull(repository), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                RegistryTransport.close(r);
                throw error(r, "blob " + digest + " of " + repository);
            }
            return r.body();
        });
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(transport.uri(path)).GET().timeout(Duration.ofMinutes(2));
    }

    RegistryTransport transport() {
        return transport;
    }

    RetryPolicy retry() {
        return retry;
    }

    static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    static java.security.MessageDigest hash(Digest algorithm, byte[] body) {
        java.security.MessageDigest md = algorithm.newHasher();
        md.update(body);
        return md;
    }

    /** Turns an error response into an exception with the registry's own code and message. */
    static RegistryException error(HttpResponse<?> r, String what) {
        String code = null;
        String message = null;
        if (r.body() instanceof byte[] body && body.length > 0) {
            try {
                JsonNode errors = JSON.readTree(body).path("errors");
                if (errors.isArray() && !errors.isEmpty()) {
                    code = errors.get(0).path("code").asText(null);
                    message = errors.get(0).path("message").asText(null);
                }
            } catch (IOException notJson) {
                // keep the status line only
            }
        }
        RegistryTransport.close(r);
        String text = switch (r.statusCode()) {
            case 404 -> what + " not found";
            case 401 -> what + ": authentication required";
            case 403 -> what + ": access denied";
            case 429 -> what + ": too many requests (rate limited)";
            default -> what + ": HTTP " + r.statusCode();
        };
        if (code != null) {
            text += ": " + code.toLowerCase().replace('_', ' ') + (message != null && !message.equalsIgnoreCase(code.replace('_', ' ')) ? ": " + message : "");
        }
        return new RegistryException(text, r.statusCode(), code);
    }

    static URI resolveLocation(RegistryTransport transport, HttpResponse<?> r) throws RegistryException {
        String location = r.headers().firstValue("Location").orElseThrow(() ->
                new RegistryException(transport.endpoint().host() + ": upload answer without a Location", 502, null));
        return r.uri().resolve(location);
    }
}
