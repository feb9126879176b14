package io.berth.image.registry;

import io.berth.image.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The push side of the OCI distribution API for one registry: blob existence checks, cross-repository
 * mounts, monolithic and chunked uploads, and manifest PUTs (spec sections "Pushing blobs",
 * "Mounting a blob from another repository", "Pushing Manifests").
 *
 * <p>Authorisation scopes: everything in the target repository asks for
 * {@code repository:NAME:pull,push}; a mount adds {@code repository:FROM:pull}, since the
 * registry must let us read the source. An upload that fails is cancelled (DELETE on its session)
 * and, if the failure is worth another try, started again from a new session; a chunked upload
 * first resumes where the registry says it stopped.
 */
public final class BlobUploads {
    private static final String OCTET_STREAM = "application/octet-stream";

    private final RegistryClient client;
    private final RegistryTransport transport;
    private final RetryPolicy retry;

    public BlobUploads(RegistryClient client) {
        this.client = client;
        this.transport = client.transport();
        this.retry = client.retry();
    }

    public String registryHost() {
        return client.registryHost();
    }

    /** HEAD of a blob in the repository we push to: its size if the registry has it there. */
    public Optional<Long> existing(String repository, Digest digest) throws IOException {
        return client.blobSize(repository, digest, pushScope(repository));
    }

    /**
     * Asks the registry to link a blob it holds under {@code fromRepository} into {@code repository}.
     * Returns false when it would not (202: it opened an upload session instead, which is cancelled
     * here, so the caller uploads as usual).
     */
    public boolean mount(String repository, Digest digest, String fromRepository) throws IOException {
        String scope = pushScope(repository) + " " + RegistryClient.pull(fromRepository);
        return retry.run("mount blob " + digest.shortHex(), () -> {
            HttpResponse<byte[]> r = transport.send(() -> post("/v2/" + repository + "/blobs/uploads/?mount="
                    + digest + "&from=" + fromRepository), scope, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 201) {
                return true;
            }
            if (r.statusCode() == 202) {
                cancel(UploadSession.from(transport, r, 0), scope);
                return false;
            }
            throw RegistryClient.error(r, "mount of blob " + digest + " from " + fromRepository + " into " + repository);
        });
    }

    /** Uploads a blob into {@code repository}; progress reports bytes handed to the connection. */
    public void upload(String repository, LocalBlob blob, UploadMode mode, BlobProgress progress) throws IOException {
        String scope = pushScope(repository);
        retry.run("push blob " + blob.digest().shortHex(), () -> {
            UploadSession session = start(repository, scope);
            try {
                UploadSession last = switch (mode) {
                    case UploadMode.Monolithic _ -> session;
                    case UploadMode.Chunked c -> new ChunkedTransfer(this, scope, blob, c.chunkSize(), progress).send(session);
                };
                finish(last, blob, mode instanceof UploadMode.Monolithic, scope, progress);
            } catch (IOException | RuntimeException e) {
                cancel(session, scope);
                throw e;
            }
            return null;
        });
    }

    /**
     * PUTs manifest bytes as they are (so their digest is what the registry stores) under a tag or
     * digest, and returns the digest. A registry that reports another digest is an error.
     */
    public Digest putManifest(String repository, String reference, String mediaType, byte[] bytes) throws IOException {
        Digest digest = Digest.sha256(bytes);
        String what = "manifest " + registryHost() + "/" + repository + (reference.contains(":") ? "@" : ":") + reference;
        return retry.run("push " + what, () -> {
            HttpResponse<byte[]> r = transport.send(() -> HttpRequest.newBuilder(transport.uri("/v2/" + repository + "/manifests/" + reference))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", mediaType)
                    .timeout(Duration.ofMinutes(2)), pushScope(repository), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 201 && r.statusCode() != 200) {
                throw RegistryClient.error(r, what);
            }
            Optional<String> reported = r.headers().firstValue("Docker-Content-Digest");
            if (reported.isPresent() && !reported.get().equals(digest.toString())) {
                throw new RegistryException(registryHost() + " stored " + what + " as " + reported.get()
                        + ", but its bytes have digest " + digest, 502, "DIGEST_INVALID");
            }
            return digest;
        });
    }

    /** POST /v2/NAME/blobs/uploads/: a new session (202 and a Location). */
    private UploadSession start(String repository, String scope) throws IOException {
        HttpResponse<byte[]> r = transport.send(() -> post("/v2/" + repository + "/blobs/uploads/"), scope,
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 202) {
            throw RegistryClient.error(r, "start of a blob upload to " + repository);
        }
        return UploadSession.from(transport, r, UploadSession.minChunkLength(r));
    }

    /** The closing PUT ?digest=: with the whole blob (monolithic), or empty after the chunks. */
    private void finish(UploadSession session, LocalBlob blob, boolean withBody, String scope, BlobProgress progress)
            throws IOException {
        URI target = session.withQuery("digest", blob.digest().toString());
        HttpResponse<byte[]> r;
        try (OpenStreams streams = new OpenStreams()) {
            r = transport.send(() -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(30));
                if (!withBody) {
                    return b.PUT(HttpRequest.BodyPublishers.noBody());
                }
                return b.header("Content-Type", OCTET_STREAM)
                        .PUT(streams.body(blob, 0, blob.size(), progress));
            }, scope, HttpResponse.BodyHandlers.ofByteArray());
        }
        if (r.statusCode() != 201) {
            throw RegistryClient.error(r, "upload of blob " + blob.digest() + " (" + blob.size() + " bytes)");
        }
    }

    /** PATCH of one chunk: bytes [offset, offset + length) with an inclusive Content-Range. */
    HttpResponse<byte[]> patch(UploadSession session, LocalBlob blob, long offset, long length, String scope,
                               BlobProgress progress) throws IOException {
        try (OpenStreams streams = new OpenStreams()) {
            return transport.send(() -> HttpRequest.newBuilder(session.location())
                    .method("PATCH", streams.body(blob, offset, length, progress))
                    .header("Content-Type", OCTET_STREAM)
                    .header("Content-Range", offset + "-" + (offset + length - 1))
                    .timeout(Duration.ofMinutes(30)), scope, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /** GET of a session: where the registry stands (204, Range and Location). */
    HttpResponse<byte[]> status(UploadSession session, String scope) throws IOException {
        return transport.send(() -> HttpRequest.newBuilder(session.location()).GET().timeout(Duration.ofMinutes(2)),
                scope, HttpResponse.BodyHandlers.ofByteArray());
    }

    RegistryTransport transport() {
        return transport;
    }

    RetryPolicy retry() {
        return retry;
    }

    /** DELETE of a session we give up on, so the registry can drop its data; failures don't matter. */
    private void cancel(UploadSession session, String scope) {
        try {
            HttpResponse<byte[]> r = transport.send(() -> HttpRequest.newBuilder(session.location()).DELETE()
                    .timeout(Duration.ofSeconds(30)), scope, HttpResponse.BodyHandlers.ofByteArray());
            RegistryTransport.close(r);
        } catch (IOException | RuntimeException ignored) {
            // the registry times abandoned sessions out anyway
        }
    }

    private HttpRequest.Builder post(String pathAndQuery) {
        return HttpRequest.newBuilder(transport.uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(2));
    }

    static String pushScope(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    /**
     * File streams handed to request bodies. A request may be built twice (once more after a 401),
     * and the HTTP client does not close a stream it stopped reading, so they are closed here.
     */
    private static final class OpenStreams implements AutoCloseable {
        private final List<InputStream> streams = new ArrayList<>();

        HttpRequest.BodyPublisher body(LocalBlob blob, long offset, long length, BlobProgress progress) {
            return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    InputStream in = new CountingStream(blob.openAt(offset), length, offset, blob.size(), progress);
                    synchronized (streams) {
                        streams.add(in);
                    }
                    return in;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read blob " + blob.digest() + " from " + blob.file(), e);
                }
            }), length);
        }

        @Override
        public void close() {
            synchronized (streams) {
                for (InputStream in : streams) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // read-only file: nothing to lose
                    }
                }
            }
        }
    }
}
