package io.berth.image.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * At most {@code length} bytes of a blob, reporting how far into the whole blob the reader got:
 * what an upload's progress bar shows.
 */
final class CountingStream extends FilterInputStream {
    private final long end;
    private final long total;
    private final BlobProgress progress;
    private long position;

    CountingStream(InputStream in, long length, long offset, long total, BlobProgress progress) {
        super(in);
        this.position = offset;
        this.end = offset + length;
        this.total = total;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (position >= end) {
            return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(len, end - position));
        if (n < 0) {
            throw new IOException("blob file ended at byte " + position + ", before the " + end + " bytes to send");
        }
        position += n;
        progress.transferred(position, total);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("upload streams are read in order");
    }
}
