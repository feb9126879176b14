package io.berth.image.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PAX extended header's records ("LEN KEY=VALUE\n", pax(1)) with values as raw bytes.
 * commons-compress writes PAX values as UTF-8 text, which would corrupt a binary xattr such as
 * security.capability; GNU tar, Go and Berth's unpacker carry SCHILY.xattr values as raw bytes.
 */
final class PaxRecords {
    private final Map<String, byte[]> records = new LinkedHashMap<>();

    void put(String key, byte[] value) {
        records.put(key, value);
    }

    void put(String key, String value) {
        records.put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    byte[] encode() {
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
}
