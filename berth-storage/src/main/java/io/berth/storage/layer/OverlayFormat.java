package io.berth.storage.layer;

import io.berth.linux.DeviceNumbers;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.FileStatus;
import io.berth.linux.Xattrs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * How overlayfs records deletions in a layer directory (Documentation/filesystems/overlayfs.rst):
 * a whiteout is a character device 0/0 hiding the lower entry of its name (the only form the
 * kernel makes in an upper dir), or an empty regular file with the xattr trusted.overlay.whiteout
 * (a form for tools that make lower layers, in a directory marked trusted.overlay.opaque = "x");
 * an opaque directory, marked with trusted.overlay.opaque = "y", hides everything below it.
 */
final class OverlayFormat {
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    static final byte[] OPAQUE_VALUE = "y".getBytes(StandardCharsets.US_ASCII);
    static final String WHITEOUT_XATTR = "trusted.overlay.whiteout";
    // with these, an upper dir no longer holds its own changes: a redirected directory shows
    // another's lower content, a metacopy file has its metadata but not its data
    static final String REDIRECT_XATTR = "trusted.overlay.redirect";
    static final String METACOPY_XATTR = "trusted.overlay.metacopy";

    private OverlayFormat() {}

    static boolean isWhiteout(FileStatus status) {
        return status.isCharDevice() && status.rdevMajor() == 0 && status.rdevMinor() == 0;
    }

    /** Either whiteout form, for an entry of an upper dir with these xattrs. */
    static boolean isWhiteout(FileStatus status, Map<String, byte[]> xattrs) {
        return isWhiteout(status) || status.isRegularFile() && status.size() == 0 && xattrs.containsKey(WHITEOUT_XATTR);
    }

    /** Whether a directory with these xattrs hides the lower ones ("y"; "x" only says it holds xattr whiteouts). */
    static boolean isOpaque(Map<String, byte[]> xattrs) {
        return Arrays.equals(xattrs.get(OPAQUE_XATTR), OPAQUE_VALUE);
    }

    /** overlayfs's own metadata, in the trusted namespace or (mounted with userxattr) the user one. */
    static boolean isOverlayXattr(String name) {
        return name.startsWith("trusted.overlay.") || name.startsWith("user.overlay.");
    }

    static void makeWhiteout(Fd dir, String name) {
        FileCalls.mknodAt(dir, name, FileStatus.S_IFCHR, DeviceNumbers.makedev(0, 0));
    }

    /** Marks the directory {@code name} in {@code dir} ("." for {@code dir} itself) opaque. */
    static void markOpaque(Fd dir, String name) {
        Xattrs.setAt(dir, name, OPAQUE_XATTR, OPAQUE_VALUE);
    }
}
