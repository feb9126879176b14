package io.berth.storage.layer;

import io.berth.linux.DeviceNumbers;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.FileStatus;
import io.berth.linux.Xattrs;
import java.nio.charset.StandardCharsets;

/**
 * How overlayfs reads deletions from a lower directory (Documentation/filesystems/overlayfs.rst):
 * a whiteout is a character device 0/0 hiding the lower entry of its name; an opaque
 * directory, marked with the xattr trusted.overlay.opaque = "y", hides everything below it.
 */
final class OverlayFormat {
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    static final byte[] OPAQUE_VALUE = "y".getBytes(StandardCharsets.US_ASCII);

    private OverlayFormat() {}

    static boolean isWhiteout(FileStatus status) {
        return status.isCharDevice() && status.rdevMajor() == 0 && status.rdevMinor() == 0;
    }

    static void makeWhiteout(Fd dir, String name) {
        FileCalls.mknodAt(dir, name, FileStatus.S_IFCHR, DeviceNumbers.makedev(0, 0));
    }

    /** Marks the directory {@code name} in {@code dir} ("." for {@code dir} itself) opaque. */
    static void markOpaque(Fd dir, String name) {
        Xattrs.setAt(dir, name, OPAQUE_XATTR, OPAQUE_VALUE);
    }
}
