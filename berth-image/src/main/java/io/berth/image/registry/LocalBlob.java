package io.berth.image.registry;

import io.berth.image.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A blob on local disk to push: its digest and size as the manifest names them, and the file that
 * holds exactly those bytes (a content store blob).
 */
public record LocalBlob(Digest digest, long size, Path file) {

    public LocalBlob {
        if (digest == null || file == null) {
            throw new IllegalArgumentException("a blob to push needs a digest and a file");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a blob's size cannot be negative: " + size);
        }
    }

    /** The bytes from {@code offset} on; a chunk retried after a break starts again where the registry stopped. */
    InputStream openAt(long offset) throws IOException {
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(offset);
        return in;
    }
}
