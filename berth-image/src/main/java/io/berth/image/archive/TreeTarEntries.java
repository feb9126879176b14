package io.berth.image.archive;

import io.berth.linux.Errno;
import io.berth.linux.FileStatus;
import io.berth.linux.SyscallException;
import io.berth.linux.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tar members {@link TreeTar} writes, one per file. Long and non-ASCII names and big numbers
 * go into PAX records that commons-compress writes; a member with xattrs gets one PAX header of
 * its own instead, holding those too with their raw bytes (one header, because readers such as
 * Go's keep only the last of two).
 */
final class TreeTarEntries {
    private static final long MAX_OCTAL_SIZE = 077777777777L;
    private static final long MAX_OCTAL_ID = 07777777L;
    private static final String OPAQUE = "trusted.overlay.opaque";

    private final TarArchiveOutputStream tar;
    private int paxHeaders;

    TreeTarEntries(TarArchiveOutputStream tar) {
        this.tar = tar;
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    void directory(String member, FileStatus status, String procPath) throws IOException {
        put(entry(member, TarConstants.LF_DIR, status), procPath);
        tar.closeArchiveEntry();
    }

    void regularFile(String member, FileStatus status, String procPath, InputStream data) throws IOException {
        TarArchiveEntry entry = entry(member, TarConstants.LF_NORMAL, status);
        entry.setSize(status.size());
        put(entry, procPath);
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

    void symlink(String member, String target, FileStatus status, String procPath) throws IOException {
        TarArchiveEntry entry = entry(member, TarConstants.LF_SYMLINK, status);
        entry.setLinkName(target);
        put(entry, procPath);
        tar.closeArchiveEntry();
    }

    void hardlink(String member, String target, FileStatus status) throws IOException {
        TarArchiveEntry entry = entry(member, TarConstants.LF_LINK, status);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** A character or block device, or a fifo. */
    void node(String member, FileStatus status, String procPath) throws IOException {
        byte type = status.isCharDevice() ? TarConstants.LF_CHR
                : status.isBlockDevice() ? TarConstants.LF_BLK : TarConstants.LF_FIFO;
        TarArchiveEntry entry = entry(member, type, status);
        if (type != TarConstants.LF_FIFO) {
            entry.setDevMajor(status.rdevMajor());
            entry.setDevMinor(status.rdevMinor());
        }
        put(entry, procPath);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String member, byte type, FileStatus status) {
        TarArchiveEntry entry = new TarArchiveEntry(member, type, true);
        entry.setMode(status.mode());
        entry.setIds(status.uid(), status.gid());
        entry.setLastModifiedTime(FileTime.fromMillis(status.mtime().getEpochSecond() * 1000));
        return entry;
    }

    private void put(TarArchiveEntry entry, String procPath) throws IOException {
        Map<String, byte[]> xattrs = xattrs(procPath);
        if (xattrs.isEmpty()) {
            tar.putArchiveEntry(entry);
            return;
        }
        PaxRecords pax = new PaxRecords();
        pax.put("path", entry.getName());
        if (!entry.getLinkName().isEmpty()) {
            pax.put("linkpath", entry.getLinkName());
        }
        if (entry.getSize() > MAX_OCTAL_SIZE) {
            pax.put("size", Long.toString(entry.getSize()));
        }
        if (entry.getLongUserId() > MAX_OCTAL_ID || entry.getLongGroupId() > MAX_OCTAL_ID) {
            pax.put("uid", Long.toString(entry.getLongUserId()));
            pax.put("gid", Long.toString(entry.getLongGroupId()));
        }
        xattrs.forEach((name, value) -> pax.put("SCHILY.xattr." + name, value));
        byte[] records = pax.encode();
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

    private static Map<String, byte[]> xattrs(String procPath) {
        Map<String, byte[]> xattrs = new TreeMap<>();
        try {
            for (String name : Xattrs.list(procPath)) {
                if (isOverlayBookkeeping(name)) {
                    continue;
                }
                Xattrs.get(procPath, name).ifPresent(value -> xattrs.put(name, value));
            }
        } catch (SyscallException e) {
            if (!e.is(Errno.EOPNOTSUPP)) {
                throw e;
            }
        }
        return xattrs;
    }

    private static boolean isOverlayBookkeeping(String name) {
        return (name.startsWith("trusted.overlay.") || name.startsWith("user.overlay.")) && !name.equals(OPAQUE);
    }
}
