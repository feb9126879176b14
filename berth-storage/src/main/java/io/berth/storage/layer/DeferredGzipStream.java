package io.berth.storage.layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A gzip decoder made on the first read rather than at once: GZIPInputStream reads and checks
 * the gzip header in its constructor, and a cut-off or broken header must fail in a read like
 * every other decoding error, where the caller's {@link ReadFailureStream} names the stream.
 */
final class DeferredGzipStream extends InputStream {
    private final InputStream compressed;
    private final int bufferSize;
    private InputStream decoder;

    DeferredGzipStream(InputStream compressed, int bufferSize) {
        this.compressed = compressed;
        this.bufferSize = bufferSize;
    }

    private InputStream decoder() throws IOException {
        if (decoder == null) {
            decoder = new GZIPInputStream(compressed, bufferSize);
        }
        return decoder;
    }

    @Override
    public int read() throws IOException {
        return decoder().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return decoder().read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return decoder().skip(n);
    }

    @Override
    public int available() throws IOException {
        return decoder().available();
    }

    @Override
    public void close() throws IOException {
        (decoder == null ? compressed : decoder).close();
    }
}
