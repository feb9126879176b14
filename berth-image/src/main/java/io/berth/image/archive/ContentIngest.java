package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.ContentVerificationException;
import io.berth.image.content.ContentWriter;
import io.berth.image.content.Digest;
import java.io.IOException;
import java.io.InputStream;

/** Writes archive members into the content store, which checks size and digest before they appear. */
final class ContentIngest {
    private ContentIngest() {}

    /**
     * Stores {@code size} bytes from {@code in} as {@code digest} unless the store has it already (then
     * {@code in} is left unread). A mismatch is an error naming {@code member}.
     */
    static void store(ContentStore content, Digest digest, long size, InputStream in, String member) throws IOException {
        if (content.exists(digest)) {
            return;
        }
        try (ContentWriter writer = content.writer(digest, size)) {
            // another load or pull may have committed it while this one waited for the ingest lock
            if (content.exists(digest)) {
                return;
            }
            writer.truncate();
            try {
                writer.copyFrom(in);
            } catch (IOException | RuntimeException e) {
                writer.truncate(); // an archive cannot resume a copy, as a download can: free the space
                throw e;
            }
            writer.commit();
        } catch (ContentVerificationException e) {
            throw new ArchiveException("archive member " + member + ": " + e.getMessage(), e);
        }
    }
}
