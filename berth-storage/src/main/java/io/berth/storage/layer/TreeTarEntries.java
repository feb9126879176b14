package io.berth.storage.layer;

import io.berth.linux.FileStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tar members {@link TreeTar} writes, one per file. Long and non-ASCII names and big numbers
 * go into PAX records that commons-compress writes; a member with xattrs gets one PAX header of
 * its own instead, holding those too with their raw bytes (one header, because readers such as
 * Go's keep only the last of two). Owner names are left empty: layers carry numeric ids.
 */
final class TreeTarEntries {
    private static final long MAX_OCTAL_SIZE = 077777777777L;
    private static final long MAX_OCTAL_ID = 07777777L;
    private static final int WHITEOUT_MODE = 0600;

    private final TarArchiveOutputStream tar;
    private int paxHeaders;

    TreeTarEntries(TarArchiveOutputStream tar) {
        this.tar = tar;
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    void directory(String member, FileStatus status, Map<String, byte[]> xattrs) throws IOException {
        put(entry(member, TarConstants.LF_DIR, status), xattrs);
        tar.closeArchiveEntry();
    }

    void regularFile(String member, FileStatus status, Map<String, byte[]> xattrs, InputStream data) throws IOException {
        TarArchiveEntry entry = entry(member, TarConstants.LF_NORMAL, status);
        entry.setSize(status.size());
        put(entry, xattrs);
        // the size is the one stat gave: a file that grows meanwhile is cut there, one that shrinks is an error
        long left = status.size();
        byte[] buffer = new byte[1 << 17];
        while (left > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(member + " shrank from " + status.size() + " bytes while it was archived");
            }
            tar.write(buffer, 0, n);
            left -= n;
        }
        tar.closeArchiveEntry();
    }

    void symlink(String member, String target, FileStatus status, Map<String, byte[]> xattrs) throws IOException {
        TarArchiveEntry entry = entry(member, TarConstants.LF_SYMLINK, status);
        entry.setLinkName(target);
        put(entry, xattrs);
        tar.closeArchiveEntry();
    }

    void hardlink(String member, String target, FileStatus status) throws IOException {
        TarArchiveEntry entry = entry(member, TarConstants.LF_LINK, status);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** A character or block device, or a fifo. */
    void node(String member, FileStatus status, Map<String, byte[]> xattrs) throws IOException {
        byte type = status.isCharDevice() ? TarConstants.LF_CHR
                : status.isBlockDevice() ? TarConstants.LF_BLK : TarConstants.LF_FIFO;
        TarArchiveEntry entry = entry(member, type, status);
        if (type != TarConstants.LF_FIFO) {
            entry.setDevMajor(status.rdevMajor());
            entry.setDevMinor(status.rdevMinor());
        }
        put(entry, xattrs);
        tar.closeArchiveEntry();
    }

    /**
     * An OCI deletion marker ({@code .wh.NAME} or {@code .wh..wh..opq}): an empty regular file,
     * with the owner and mtime of what it stands for and, as Docker writes them, mode 0600 or
     * (an opaque marker) its directory's permissions.
     */
    void whiteout(String member, FileStatus status) throws IOException {
        TarArchiveEntry entry = entry(member, TarConstants.LF_NORMAL, status);
        entry.setMode(status.isDirectory() ? status.permissions() & 0777 : WHITEOUT_MODE);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String member, byte type, FileStatus status) {
        TarArchiveEntry entry = new TarArchiveEntry(member, type, true);
        entry.setMode(status.mode());
        entry.setIds(status.uid(), status.gid());
        entry.setUserName("");
        entry.setGroupName("");
        entry.setLastModifiedTime(wholeSeconds(status.mtime()));
        return entry;
    }

    // docker writes whole seconds; sub-second times would cost every member a PAX header
    private static FileTime wholeSeconds(Instant time) {
        return FileTime.fromMillis(Math.multiplyExact(time.getEpochSecond(), 1000L));
    }

    private void put(TarArchiveEntry entry, Map<String, byte[]> xattrs) throws IOException {
        if (xattrs.isEmpty()) {
            tar.putArchiveEntry(entry);
            return;
        }
        Map<String, byte[]> pax = new LinkedHashMap<>();
        pax.put("path", utf8(entry.getName()));
        if (!entry.getLinkName().isEmpty()) {
            pax.put("linkpath", utf8(entry.getLinkName()));
        }
        if (entry.getSize() > MAX_OCTAL_SIZE) {
            pax.put("size", utf8(Long.toString(entry.getSize())));
        }
        if (entry.getLongUserId() > MAX_OCTAL_ID || entry.getLongGroupId() > MAX_OCTAL_ID) {
            pax.put("uid", utf8(Long.toString(entry.getLongUserId())));
            pax.put("gid", utf8(Long.toString(entry.getLongGroupId())));
        }
        xattrs.forEach((name, value) -> pax.put(PaxRecords.XATTR_PREFIX + name, value));
        byte[] records = PaxRecords.encode(pax);
        TarArchiveEntry header = new TarArchiveEntry("PaxHeaders.0/" + (paxHeaders++), TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        header.setSize(records.length);
        header.setLastModifiedTime(entry.getLastModifiedTime());
        tar.putArchiveEntry(header);
        tar.write(records);
        tar.closeArchiveEntry();
        // everything commons-compress would put in a second PAX header is in this one already
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
        try {
            tar.putArchiveEntry(entry);
        } finally {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
