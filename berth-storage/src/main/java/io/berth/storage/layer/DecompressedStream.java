package io.berth.storage.layer;

import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The tar stream out of a decompressor, with the decompressor's complaints turned into
 * {@link LayerRejectedException}s: a gzip or zstd error means the layer is corrupt. Failures
 * of the blob stream itself ({@link SourceStream.SourceFailure}) pass through untouched.
 */
final class DecompressedStream extends FilterInputStream {
    private final Compression compression;

    DecompressedStream(InputStream decompressor, Compression compression) {
        super(decompressor);
        this.compression = compression;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (SourceStream.SourceFailure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (SourceStream.SourceFailure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    private LayerRejectedException corrupt(Exception e) {
        return LayerRejectedException.layer(Reason.MALFORMED, "the layer's " + compression.displayName()
                + " data is corrupt or truncated: " + e.getMessage(), e);
    }
}
