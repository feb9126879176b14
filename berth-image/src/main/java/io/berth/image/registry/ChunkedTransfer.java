package io.berth.image.registry;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.OptionalLong;

/**
 * The PATCH part of a chunked upload: chunks go in order, each answered by 202 with the next
 * Location and a {@code Range: 0-END} that must cover exactly the bytes sent so far. A chunk that
 * breaks off, or a 416 (the registry's offset is not ours), is followed by a GET of the session,
 * and the upload goes on from the offset the registry reports.
 */
final class ChunkedTransfer {
    private final BlobUploads uploads;
    private final String scope;
    private final LocalBlob blob;
    private final long chunkSize;
    private final BlobProgress progress;

    ChunkedTransfer(BlobUploads uploads, String scope, LocalBlob blob, long chunkSize, BlobProgress progress) {
        this.uploads = uploads;
        this.scope = scope;
        this.blob = blob;
        this.chunkSize = chunkSize;
        this.progress = progress;
    }

    /** Sends every byte of the blob; returns the session to close with the digest. */
    UploadSession send(UploadSession first) throws IOException {
        UploadSession session = first;
        long chunk = Math.max(chunkSize, first.minChunkLength());
        long offset = 0;
        int failures = 0;
        while (offset < blob.size()) {
            long length = Math.min(chunk, blob.size() - offset);
            try {
                session = patch(session, offset, length);
                offset += length;
            } catch (RegistryException e) {
                if (!(e.retryable() || e.status() == 416) || ++failures >= uploads.retry().attempts()) {
                    throw e;
                }
                pause(failures);
                HttpResponse<byte[]> r = uploads.status(session, scope);
                if (r.statusCode() != 204) {
                    throw RegistryClient.error(r, "status of the upload of blob " + blob.digest() + " (after: " + e.getMessage() + ")");
                }
                session = session.next(uploads.transport(), r);
                offset = resumeOffset(UploadSession.acknowledgedEnd(r));
            }
        }
        return session;
    }

    private UploadSession patch(UploadSession session, long offset, long length) throws IOException {
        HttpResponse<byte[]> r = uploads.patch(session, blob, offset, length, scope, progress);
        if (r.statusCode() != 202) {
            throw RegistryClient.error(r, "upload of bytes " + offset + "-" + (offset + length - 1) + " of blob " + blob.digest());
        }
        long end = offset + length - 1;
        OptionalLong acknowledged = UploadSession.acknowledgedEnd(r);
        if (acknowledged.isPresent() && acknowledged.getAsLong() != end) {
            // a registry that drops or duplicates a chunk would store a blob that fails its digest at the end
            throw new WrongAcknowledgement(uploads.registryHost() + " acknowledged bytes 0-" + acknowledged.getAsLong()
                    + " of blob " + blob.digest() + " after a chunk ending at byte " + end);
        }
        return session.next(uploads.transport(), r);
    }

    /** A registry that loses or invents bytes does so again: the upload is abandoned, not resumed or retried. */
    private static final class WrongAcknowledgement extends RegistryException {
        WrongAcknowledgement(String message) {
            super(message, 502, "BLOB_UPLOAD_INVALID");
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** The first byte to send again; "0-0" means nothing stored, since distribution says that for an empty upload. */
    private static long resumeOffset(OptionalLong acknowledgedEnd) {
        long end = acknowledgedEnd.orElse(-1);
        return end <= 0 ? 0 : end + 1;
    }

    private void pause(int failures) throws RegistryException {
        try {
            Thread.sleep(Math.min(uploads.retry().firstDelay().toMillis() << (failures - 1), 10_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("upload of blob " + blob.digest() + " interrupted", e);
        }
    }
}
