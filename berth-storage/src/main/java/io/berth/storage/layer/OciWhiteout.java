package io.berth.storage.layer;

import io.berth.storage.layer.LayerRejectedException.Reason;

/**
 * The deletion markers of the OCI image spec (layer.md, "Whiteouts"): {@code dir/.wh.NAME}
 * deletes NAME from the layers below, {@code dir/.wh..wh..opq} deletes all of dir's lower
 * content. Other {@code .wh..wh.*} names are AUFS bookkeeping that carries nothing.
 */
sealed interface OciWhiteout {
    String PREFIX = ".wh.";
    String META_PREFIX = ".wh..wh.";
    String OPAQUE = ".wh..wh..opq";

    /** {@code name} is gone from the lower layers (of the marker's directory). */
    record Removal(String name) implements OciWhiteout {}

    /** The marker's directory hides all lower content. */
    record Opaque() implements OciWhiteout {}

    /** AUFS metadata such as .wh..wh.plnk: skipped, as Docker does. */
    record AufsMetadata() implements OciWhiteout {}

    /** The marker {@code path} is, or null if it is an ordinary entry. */
    static OciWhiteout of(LayerPath path, String entry) throws LayerRejectedException {
        if (!path.path().contains(PREFIX)) {
            return null;
        }
        if (path.name().equals(OPAQUE)) {
            return new Opaque();
        }
        for (String component : path.path().split("/")) {
            if (component.startsWith(META_PREFIX)) {
                return new AufsMetadata();
            }
        }
        if (!path.name().startsWith(PREFIX)) {
            return null;
        }
        String removed = path.name().substring(PREFIX.length());
        if (removed.isEmpty() || removed.equals(".") || removed.equals("..")) {
            throw LayerRejectedException.entry(entry, Reason.UNSAFE_PATH, removed.equals("..")
                    ? "whiteout climbs out of its directory" : "whiteout names no entry");
        }
        return new Removal(removed);
    }
}
