package io.berth.image.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The archive's bytes, with any failure to read or decompress them turned into an
 * {@link ArchiveException} that says so: a cut-off download or a corrupt gzip stream must not
 * read like a problem of the store it is loaded into.
 */
final class ReadFailures extends FilterInputStream {
    private final String what;

    ReadFailures(InputStream in, String what) {
        super(in);
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    private ArchiveException failure(Exception e) {
        return new ArchiveException("cannot read " + what + " (is it truncated or corrupt?): " + e.getMessage(), e);
    }
}
