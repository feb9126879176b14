package io.berth.storage.layer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes tar headers byte by byte, for what libraries will not write: binary PAX values,
 * broken checksums, sparse markers, names that climb out.
 */
final class RawTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A PAX extended header ('x') applying to the next entry; values are raw bytes. */
    RawTar pax(Map<String, byte[]> records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            int body = 1 + k.length + 1 + value.length + 1; // " key=value\n"
            int length = body + String.valueOf(body).length();
            if (String.valueOf(length).length() != String.valueOf(body).length()) {
                length++;
            }
            data.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            data.writeBytes(k);
            data.write('=');
            data.writeBytes(value);
            data.write('\n');
        });
        return entry("PaxHeaders/x", 'x', 0644, data.toByteArray());
    }

    RawTar entry(String name, char type, int mode, byte[] data) {
        return entry(name, type, mode, "", data);
    }

    RawTar entry(String name, char type, int mode, String linkName, byte[] data) {
        out.writeBytes(header(name, type, mode, linkName, data.length));
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    /** Appends raw bytes (a broken header, a truncated stream). */
    RawTar raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] finish() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** What is written so far, without an end marker. */
    byte[] unfinished() {
        return out.toByteArray();
    }

    static byte[] header(String name, char type, int mode, String linkName, long size) {
        byte[] h = new byte[512];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, TestLayer.MTIME.getEpochSecond());
        h[156] = (byte) type;
        put(h, 157, 100, linkName.getBytes(StandardCharsets.UTF_8));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    private static void put(byte[] h, int off, int len, byte[] value) {
        if (value.length > len) {
            throw new IllegalArgumentException("field too long");
        }
        System.arraycopy(value, 0, h, off, value.length);
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = String.format("%0" + (len - 1) + "o", value);
        put(h, off, len, (s + "\0").getBytes(StandardCharsets.US_ASCII));
    }
}
