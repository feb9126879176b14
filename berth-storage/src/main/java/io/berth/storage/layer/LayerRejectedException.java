package io.berth.storage.layer;

import java.io.IOException;
import java.util.Optional;

/**
 * A layer that Berth will not unpack: hostile, broken, unsupported or too big for the limits.
 * The message names the entry and the reason, e.g.
 * {@code layer entry "../etc/passwd": path climbs out of the layer root}.
 */
public final class LayerRejectedException extends IOException {
    /** Why, so callers can map it (to a CLI flag, an API status) without parsing messages. */
    public enum Reason {
        /** A name, link, or whiteout reaches outside the layer or through one of its symlinks. */
        UNSAFE_PATH,
        /** Not a readable gzip, zstd or tar stream, or a tar header that makes no sense. */
        MALFORMED,
        /** Valid tar that Berth does not unpack (sparse files, xz, names that are not UTF-8, ...). */
        UNSUPPORTED,
        /** The files add up to more than {@link LayerLimits#maxUnpackedBytes()}. */
        TOO_LARGE,
        /** Unpacking would leave less than {@link LayerLimits#minFreeFraction()} of the filesystem free. */
        INSUFFICIENT_SPACE
    }

    private final Reason reason;
    private final String entry;

    private LayerRejectedException(Reason reason, String entry, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.entry = entry;
    }

    static LayerRejectedException entry(String entry, Reason reason, String why) {
        return new LayerRejectedException(reason, entry, "layer entry " + EntryNames.quote(entry) + ": " + why, null);
    }

    static LayerRejectedException layer(Reason reason, String why, Throwable cause) {
        return new LayerRejectedException(reason, null, "layer rejected: " + why, cause);
    }

    public Reason reason() {
        return reason;
    }

    /** The tar entry at fault, as named in the archive; empty when the layer as a whole is. */
    public Optional<String> entry() {
        return Optional.ofNullable(entry);
    }
}
