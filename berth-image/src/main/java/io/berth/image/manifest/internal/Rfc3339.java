package io.berth.image.manifest.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as Go's encoding/json writes {@code time.Time} (RFC 3339 with nanoseconds,
 * trailing zeros dropped), which is what image configs carry.
 */
public final class Rfc3339 {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private Rfc3339() {}

    /** Parses {@code 2024-01-02T03:04:05.123456789Z} or with an offset; the caller names the field on error. */
    public static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an RFC 3339 date-time"
                    + " (want e.g. 2024-01-02T03:04:05Z)");
        }
    }

    /** In UTC, with as many fraction digits as needed and no trailing zeros, as Go's RFC3339Nano. */
    public static String format(Instant instant) {
        OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(SECONDS.format(utc));
        int nanos = utc.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
            sb.append('.').append(fraction);
        }
        return sb.append('Z').toString();
    }
}
