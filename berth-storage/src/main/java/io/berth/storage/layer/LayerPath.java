package io.berth.storage.layer;

import io.berth.storage.layer.LayerRejectedException.Reason;

/**
 * A name inside the layer after lexical normalisation: no ".", "..", empty or leading "/"
 * components. "" is the layer root. Absolute names are taken as relative to the root, as
 * containerd does; a ".." that would climb above the root is refused, never clamped.
 *
 * @param path   normalised, "/"-separated, "" for the root
 * @param parent the directory holding it, "" for the root's children (and the root)
 * @param name   the last component, "." for the root
 */
record LayerPath(String path, String parent, String name) {
    static final LayerPath ROOT = new LayerPath("", "", ".");

    /** Normalises an entry's own name; {@code entry} is what messages name. */
    static LayerPath ofEntry(String entry) throws LayerRejectedException {
        LayerPath p = normalise(entry);
        if (p == null) {
            throw LayerRejectedException.entry(entry, Reason.UNSAFE_PATH, "path climbs out of the layer root");
        }
        return p;
    }

    /** Normalises a hardlink's target, which names an entry of the same layer. */
    static LayerPath ofLinkTarget(String entry, String target) throws LayerRejectedException {
        LayerPath p = normalise(target);
        if (p == null) {
            throw LayerRejectedException.entry(entry, Reason.UNSAFE_PATH,
                    "hardlink target " + EntryNames.quote(target) + " climbs out of the layer root");
        }
        return p;
    }

    boolean isRoot() {
        return path.isEmpty();
    }

    /** The entry {@code child} (a single component) inside this directory. */
    LayerPath child(String child) {
        return isRoot() ? new LayerPath(child, "", child) : new LayerPath(path + "/" + child, path, child);
    }

    /** The directory holding this entry. */
    LayerPath parentPath() {
        return of(parent);
    }

    /** Whether this is {@code other} or lies inside it. */
    boolean isWithin(LayerPath other) {
        return other.isRoot() || path.equals(other.path) || path.startsWith(other.path + "/");
    }

    /** A path already normalised (from {@link #path()}). */
    static LayerPath of(String normalised) {
        if (normalised.isEmpty()) {
            return ROOT;
        }
        int slash = normalised.lastIndexOf('/');
        return slash < 0 ? new LayerPath(normalised, "", normalised)
                : new LayerPath(normalised, normalised.substring(0, slash), normalised.substring(slash + 1));
    }

    /** Null when a ".." climbs above the root. */
    private static LayerPath normalise(String raw) {
        String[] parts = raw.split("/");
        String[] kept = new String[parts.length];
        int depth = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (depth == 0) {
                    return null;
                }
                depth--;
                continue;
            }
            kept[depth++] = part;
        }
        return of(String.join("/", java.util.Arrays.asList(kept).subList(0, depth)));
    }
}
