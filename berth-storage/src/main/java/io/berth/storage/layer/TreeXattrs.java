package io.berth.storage.layer;

import io.berth.linux.Errno;
import io.berth.linux.SyscallException;
import io.berth.linux.Xattrs;
import java.util.Map;
import java.util.TreeMap;

/** The extended attributes of one entry of a tree being written as a tar, sorted by name. */
final class TreeXattrs {
    private TreeXattrs() {}

    /** Every attribute on {@code path} itself (a /proc/self/fd path); none on a filesystem without xattrs. */
    static Map<String, byte[]> read(String path) {
        Map<String, byte[]> xattrs = new TreeMap<>();
        try {
            for (String name : Xattrs.list(path)) {
                Xattrs.get(path, name).ifPresent(value -> xattrs.put(name, value));
            }
        } catch (SyscallException e) {
            if (!e.is(Errno.EOPNOTSUPP)) {
                throw e;
            }
        }
        return xattrs;
    }

    /**
     * What a tree export keeps: everything but overlayfs's bookkeeping (origin, impure, ...),
     * which describes one overlay mount and which unpackers refuse. The opaque marker stays: in a
     * snapshot it is how a layer's {@code .wh..wh..opq} is kept.
     */
    static Map<String, byte[]> forExport(Map<String, byte[]> xattrs) {
        Map<String, byte[]> kept = new TreeMap<>(xattrs);
        kept.keySet().removeIf(name -> OverlayFormat.isOverlayXattr(name) && !name.equals(OverlayFormat.OPAQUE_XATTR));
        if (!OverlayFormat.isOpaque(xattrs)) {
            kept.remove(OverlayFormat.OPAQUE_XATTR);
        }
        return kept;
    }

    /** What a layer diff keeps: no overlayfs metadata at all (whiteouts and opaque dirs become .wh. members). */
    static Map<String, byte[]> forLayer(Map<String, byte[]> xattrs) {
        Map<String, byte[]> kept = new TreeMap<>(xattrs);
        kept.keySet().removeIf(OverlayFormat::isOverlayXattr);
        return kept;
    }
}
