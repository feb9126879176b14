package io.berth.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What a user of a rootfs can see of one path without following symlinks: its type, the 12 mode
 * bits, owners, and per type its size and content hash, link target or device numbers, plus its
 * xattrs (values in hex) and mtime. Inode numbers are kept apart, in {@link RootfsTree#hardlinkGroups()}.
 *
 * @param type   "dir", "file", "symlink", "char", "block", "fifo" or "socket"
 * @param detail the type's own data: "SIZE sha256:HEX" for a file, the target of a symlink,
 *               "MAJOR:MINOR" of a device, "" otherwise
 */
record RootfsEntry(String type, int mode, int uid, int gid, String detail, SortedMap<String, String> xattrs,
                   long mtimeNanos) {

    /** What differs from {@code other}, one "field: ours ≠ theirs" line per field; mtimes only if asked. */
    List<String> differences(RootfsEntry other, boolean withMtime) {
        List<String> lines = new ArrayList<>();
        differ(lines, "type", type, other.type);
        differ(lines, "mode", String.format("%04o", mode), String.format("%04o", other.mode));
        differ(lines, "owner", uid + ":" + gid, other.uid + ":" + other.gid);
        differ(lines, type.equals("file") ? "size+content" : "target/device", detail, other.detail);
        differ(lines, "xattrs", xattrs.toString(), other.xattrs.toString());
        if (withMtime) {
            differ(lines, "mtime", java.time.Instant.EPOCH.plusNanos(mtimeNanos).toString(),
                    java.time.Instant.EPOCH.plusNanos(other.mtimeNanos).toString());
        }
        return lines;
    }

    private static void differ(List<String> lines, String field, String ours, String theirs) {
        if (!Objects.equals(ours, theirs)) {
            lines.add(field + ": berth " + ours + " ≠ umoci " + theirs);
        }
    }
}
