package io.berth.storage.layer;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The records of a PAX extended header ("%d %s=%s\n" each, pax(1)), values kept as bytes: xattr
 * values such as security.capability are binary, which is why Berth parses and writes PAX itself
 * rather than through a library that treats every value as UTF-8 text (commons-compress does,
 * both ways; GNU tar, Go and Berth carry SCHILY.xattr values as raw bytes).
 */
final class PaxRecords {
    static final String XATTR_PREFIX = "SCHILY.xattr.";
    private static final Pattern DECIMAL_TIME = Pattern.compile("-?[0-9]{1,19}(\\.[0-9]{0,64})?");

    private final Map<String, byte[]> records;

    private PaxRecords(Map<String, byte[]> records) {
        this.records = records;
    }

    static PaxRecords none() {
        return new PaxRecords(Map.of());
    }

    /** Parses {@code data[0, length)}; throws IllegalArgumentException saying what is wrong. */
    static PaxRecords parse(byte[] data, int length) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int pos = 0;
        while (pos < length) {
            int space = pos;
            long recordLength = 0;
            while (space < length && data[space] >= '0' && data[space] <= '9' && recordLength < length) {
                recordLength = recordLength * 10 + (data[space] - '0');
                space++;
            }
            if (space == pos || space >= length || data[space] != ' ' || recordLength <= space - pos + 1
                    || pos + recordLength > length || data[(int) (pos + recordLength - 1)] != '\n') {
                throw new IllegalArgumentException("malformed PAX record at byte " + pos);
            }
            int end = (int) (pos + recordLength - 1); // the '\n'
            int equals = space + 1;
            while (equals < end && data[equals] != '=') {
                equals++;
            }
            if (equals == end || equals == space + 1) {
                throw new IllegalArgumentException("PAX record without key=value at byte " + pos);
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            byte[] value = new byte[end - equals - 1];
            System.arraycopy(data, equals + 1, value, 0, value.length);
            records.put(key, value);
            pos += (int) recordLength;
        }
        return new PaxRecords(records);
    }

    /** The records, in the map's order, as a PAX header's data. */
    static byte[] encode(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int rest = 1 + keyBytes.length + 1 + value.length + 1; // " KEY=VALUE\n"
            int length = rest + Integer.toString(rest).length();
            if (Integer.toString(length).length() != Integer.toString(rest).length()) {
                length = rest + Integer.toString(length).length(); // the length counts its own digits
            }
            out.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(keyBytes);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /** The value of {@code key}, absent when missing or empty (an empty value deletes a keyword). */
    byte[] bytes(String key) {
        byte[] value = records.get(key);
        return value == null || value.length == 0 ? null : value;
    }

    boolean has(String key) {
        return bytes(key) != null;
    }

    /** A decimal integer record, or {@code fallback} when absent. */
    long number(String key, long fallback) {
        byte[] value = bytes(key);
        if (value == null) {
            return fallback;
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PAX " + key + " is not a number: " + EntryNames.quote(text));
        }
    }

    /** A time record ("seconds[.fraction]", may be negative), or {@code fallback} when absent. */
    Instant time(String key, Instant fallback) {
        byte[] value = bytes(key);
        if (value == null) {
            return fallback;
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        if (!DECIMAL_TIME.matcher(text).matches()) {
            throw new IllegalArgumentException("PAX " + key + " is not a time: " + EntryNames.quote(text));
        }
        BigDecimal exact = new BigDecimal(text.endsWith(".") ? text + "0" : text);
        BigDecimal seconds = exact.setScale(0, RoundingMode.FLOOR);
        int nanos = exact.subtract(seconds).movePointRight(9).setScale(0, RoundingMode.FLOOR).intValue();
        return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
    }

    /** SCHILY.xattr.NAME records as NAME to value. */
    Map<String, byte[]> xattrs() {
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        records.forEach((key, value) -> {
            if (key.startsWith(XATTR_PREFIX)) {
                xattrs.put(key.substring(XATTR_PREFIX.length()), value);
            }
        });
        return xattrs;
    }

    /** Whether any record describes a sparse file (GNU.sparse.*), which Berth does not unpack. */
    boolean describesSparseFile() {
        return records.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."));
    }
}
