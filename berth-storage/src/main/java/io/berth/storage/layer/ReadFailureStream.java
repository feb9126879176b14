package io.berth.storage.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * An input stream whose read failures are turned into the caller's exception, so that a gzip
 * error or a cut-off file reads as "this layer (or archive) is corrupt", not as a failure of the
 * store it is being written to. The translation gets every IOException or RuntimeException a
 * read, skip or available throws and returns what to throw instead: the failure itself to let
 * it through (a failure of the source stream, an exception already translated).
 */
public final class ReadFailureStream extends FilterInputStream {
    private final Function<Exception, ? extends IOException> translation;

    public ReadFailureStream(InputStream in, Function<Exception, ? extends IOException> translation) {
        super(in);
        this.translation = translation;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException | RuntimeException e) {
            throw translation.apply(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw translation.apply(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException | RuntimeException e) {
            throw translation.apply(e);
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException | RuntimeException e) {
            throw translation.apply(e);
        }
    }
}
