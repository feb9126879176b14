package io.berth.storage.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's blob stream, marking its own failures so they are not mistaken for a corrupt
 * layer: an IOException from here is the network or the disk, one from a decompressor above
 * it is the layer's fault.
 */
final class SourceStream extends FilterInputStream {
    /** Wraps a failure of the blob stream itself; unwrapped before it reaches the caller. */
    static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException original() {
            return (IOException) getCause();
        }
    }

    SourceStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    /** The caller owns the blob stream and closes it. */
    @Override
    public void close() {}
}
