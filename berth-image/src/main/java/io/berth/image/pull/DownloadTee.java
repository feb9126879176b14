package io.berth.image.pull;

import io.berth.image.content.ContentWriter;
import io.berth.image.registry.BlobProgress;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob download read by the unpacker while every byte also goes into the content store, so a
 * layer is fetched and unpacked in one pass. A failure of the download itself surfaces as
 * {@link DownloadBrokeOff}, which the unpacker passes on unchanged, so the caller can tell it from
 * a bad layer and resume the download instead.
 */
final class DownloadTee extends InputStream {
    /** The network, not the layer, failed. */
    static final class DownloadBrokeOff extends IOException {
        DownloadBrokeOff(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final InputStream source;
    private final ContentWriter writer;
    private final BlobProgress progress;

    DownloadTee(InputStream source, ContentWriter writer, BlobProgress progress) {
        this.source = source;
        this.writer = writer;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = source.read(buffer, offset, length);
        } catch (IOException e) {
            throw new DownloadBrokeOff(e);
        }
        if (n > 0) {
            writer.write(buffer, offset, n);
            progress.transferred(writer.offset(), writer.expectedSize());
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
