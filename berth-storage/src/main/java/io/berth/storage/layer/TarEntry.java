package io.berth.storage.layer;

import java.time.Instant;
import java.util.Map;

/**
 * One archive member after its PAX and GNU extension headers are applied.
 *
 * @param name     the name as written (not yet normalised); directories may end in "/"
 * @param mode     permission bits, setuid/setgid/sticky included
 * @param size     bytes of data that follow (0 unless {@link TarEntryType#REGULAR})
 * @param linkName symlink target or hardlink target; empty for other types
 * @param xattrs   extended attributes from SCHILY.xattr.* records, values as raw bytes
 */
record TarEntry(String name, TarEntryType type, int mode, int uid, int gid, long size,
        Instant mtime, Instant atime, String linkName, int devMajor, int devMinor,
        Map<String, byte[]> xattrs) {}
