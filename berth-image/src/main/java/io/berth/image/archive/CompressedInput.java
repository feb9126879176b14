package io.berth.image.archive;

import io.berth.storage.layer.Compression;
import io.berth.storage.layer.CompressionException;
import io.berth.storage.layer.ReadFailureStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Archives, tarballs and stored layers read as the tars they hold, through berth-storage's
 * {@link Compression} (docker load and import take gzip'ed and zstd'ed files, and a media type may
 * lie), with every failure to read or decompress them an {@link ArchiveException} naming them: a
 * cut-off download or a corrupt gzip stream must not read like a problem of the store.
 */
final class CompressedInput {
    private static final int BUFFER_SIZE = 1 << 16;

    private CompressedInput() {}

    /** How {@code in} is compressed, read without consuming it. */
    static Compression detect(BufferedInputStream in, String what) throws IOException {
        try {
            return Compression.peek(in, what);
        } catch (CompressionException e) {
            throw new ArchiveException(e.getMessage(), e);
        }
    }

    /** The uncompressed bytes of {@code in}, whichever of gzip, zstd or nothing it is compressed with. */
    static InputStream open(InputStream in, String what) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_SIZE);
        return failuresNamed(detect(buffered, what).decompress(buffered), what);
    }

    /** {@code in}, its read failures turned into ArchiveExceptions naming {@code what}. */
    static InputStream failuresNamed(InputStream in, String what) {
        return new ReadFailureStream(in, e -> e instanceof ArchiveException own ? own
                : new ArchiveException("cannot read " + what + " (is it truncated or corrupt?): " + e.getMessage(), e));
    }
}
