package io.berth.storage.layer;

import io.berth.storage.layer.LayerRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Which extended attributes a layer may set. */
final class XattrRules {
    private static final int NAME_MAX = 255;

    private XattrRules() {}

    /**
     * Refuses malformed names and overlayfs's own metadata: a layer says what it deletes with
     * .wh. files, and an overlay.redirect or overlay.metacopy smuggled in as an xattr would make
     * the kernel read other files than the layer shows. An opaque marker is the one exception:
     * it says no more than .wh..wh..opq does.
     */
    static void check(String entry, String name, byte[] value) throws LayerRejectedException {
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > NAME_MAX || name.indexOf('\0') >= 0 || name.indexOf('.') <= 0) {
            throw LayerRejectedException.entry(entry, Reason.MALFORMED,
                    "invalid extended attribute name " + EntryNames.quote(name));
        }
        boolean opaqueMarker = name.equals(OverlayFormat.OPAQUE_XATTR) && Arrays.equals(value, OverlayFormat.OPAQUE_VALUE);
        if (OverlayFormat.isOverlayXattr(name) && !opaqueMarker) {
            throw LayerRejectedException.entry(entry, Reason.UNSUPPORTED, "extended attribute "
                    + EntryNames.quote(name) + " is overlayfs's own metadata, which a layer may not set");
        }
    }
}
