package io.berth.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An archive as one tar stream. Every member is owned by root, 0644 (directories 0755) and dated
 * the epoch, so saving the same images twice gives the same bytes. The stream it writes to is the
 * caller's to close.
 */
final class TarSink implements LayoutSink {
    private static final FileTime EPOCH = FileTime.from(Instant.EPOCH);

    private final TarArchiveOutputStream tar;

    TarSink(OutputStream out) {
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    @Override
    public void directory(String name) throws IOException {
        TarArchiveEntry entry = entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 0755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    @Override
    public void file(String name, byte[] data) throws IOException {
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, 0644);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Override
    public void blob(String name, long size, BlobContent content) throws IOException {
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, 0644);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        long copied = 0;
        try (InputStream in = content.open()) {
            byte[] buffer = new byte[1 << 17];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (copied + n > size) {
                    throw new IOException(name + " is longer than the " + size + " bytes it was measured at");
                }
                tar.write(buffer, 0, n);
                copied += n;
            }
        }
        if (copied != size) {
            throw new IOException(name + " is " + copied + " bytes, not the " + size + " it was measured at");
        }
        tar.closeArchiveEntry();
    }

    @Override
    public void finish() throws IOException {
        tar.finish();
        tar.flush();
    }

    @Override
    public void close() {
        // the output stream belongs to the caller; an unfinished tar simply lacks its end marker
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setMode(mode);
        entry.setIds(0, 0);
        entry.setLastModifiedTime(EPOCH);
        return entry;
    }
}
