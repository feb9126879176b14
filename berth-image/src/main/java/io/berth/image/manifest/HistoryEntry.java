package io.berth.image.manifest;

import java.time.Instant;

/**
 * One step of how an image was built (config.md, {@code history}); {@code docker history}
 * shows these. Entries with {@code emptyLayer} made no layer, so history and layers do not
 * line up one to one.
 *
 * @param created   nullable
 * @param createdBy nullable, e.g. {@code /bin/sh -c #(nop) CMD ["sh"]}
 * @param author    nullable
 * @param comment   nullable
 */
public record HistoryEntry(Instant created, String createdBy, String author, String comment, boolean emptyLayer) {
}
