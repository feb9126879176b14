package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaxRecordsTest {
    private static PaxRecords parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return PaxRecords.parse(b, b.length);
    }

    @Test
    void readsRecordsWithTheirLengths() {
        PaxRecords pax = parse("30 mtime=1700000000.123456789\n18 path=some/file\n");
        assertEquals("some/file", new String(pax.bytes("path"), StandardCharsets.UTF_8));
        assertEquals(Instant.ofEpochSecond(1700000000, 123456789), pax.time("mtime", null));
    }

    @Test
    void keepsBinaryXattrValuesExactly() {
        // a v2 security.capability for cap_setuid=ep: byte 0x80 on its own is not UTF-8
        byte[] cap = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\n'};
        byte[] record = record("SCHILY.xattr.security.capability", cap);
        PaxRecords pax = PaxRecords.parse(record, record.length);
        assertArrayEquals(cap, pax.xattrs().get("security.capability"));
    }

    /** "LEN key=value\n", as RawTar writes them. */
    private static byte[] record(String key, byte[] value) {
        int body = 1 + key.length() + 1 + value.length + 1;
        int length = body + String.valueOf(body).length();
        if (String.valueOf(length).length() != String.valueOf(body).length()) {
            length++;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes((length + " " + key + "=").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.write('\n');
        return out.toByteArray();
    }

    @Test
    void emptyValueMeansAbsent() {
        PaxRecords pax = parse("9 uid=42\n8 path=\n");
        assertFalse(pax.has("path"));
        assertEquals(42, pax.number("uid", 0));
        assertEquals(7, pax.number("gid", 7));
    }

    @Test
    void negativeAndFractionalTimes() {
        assertEquals(Instant.ofEpochSecond(-2, 500_000_000), parse("14 atime=-1.5\n").time("atime", null));
        assertEquals(Instant.ofEpochSecond(12), parse("13 atime=12.\n").time("atime", null));
        assertEquals(Instant.ofEpochSecond(1, 999_999_999), parse("22 atime=1.9999999999\n").time("atime", null));
    }

    @Test
    void malformedRecordsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> parse("99 path=x\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("11 path=x\n")); // length off by one
        assertThrows(IllegalArgumentException.class, () -> parse("x path=x\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("8 pathx\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("16 mtime=1e9999\n").time("mtime", null));
        assertEquals("PAX mtime is not a time: \"1e9999\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("11 uid=abc\n").number("uid", 0));
    }

    @Test
    void eachWrittenRecordCountsItsOwnLengthDigits() {
        // " path=a\n" is 8 bytes, with "9" in front 9: one digit
        assertEquals("9 path=a\n", new String(PaxRecords.encode(Map.of("path", "a".getBytes())), StandardCharsets.US_ASCII));
        // " path=x...\n" is 98 bytes: 100 with two digits, so three: 101
        byte[] tipping = PaxRecords.encode(Map.of("path", "x".repeat(91).getBytes()));
        assertEquals(101, tipping.length);
        assertEquals("101 path=", new String(tipping, 0, 9, StandardCharsets.US_ASCII));
        assertEquals("x".repeat(91), new String(PaxRecords.parse(tipping, tipping.length).bytes("path"), StandardCharsets.US_ASCII));
    }

    @Test
    void writtenValuesAreRawBytesAndReadBackExactly() {
        byte[] cap = {1, 0, 0, 2, (byte) 0xff, (byte) 0x80, 0, 0, '\n', '='};
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("path", "grüße".getBytes(StandardCharsets.UTF_8));
        records.put("SCHILY.xattr.security.capability", cap);
        byte[] encoded = PaxRecords.encode(records);
        byte[] capRecord = record("SCHILY.xattr.security.capability", cap);
        assertArrayEquals(capRecord, Arrays.copyOfRange(encoded, encoded.length - capRecord.length, encoded.length));
        PaxRecords back = PaxRecords.parse(encoded, encoded.length);
        assertArrayEquals(cap, back.xattrs().get("security.capability"));
        assertEquals("grüße", new String(back.bytes("path"), StandardCharsets.UTF_8));
    }

    @Test
    void recognisesSparseFiles() {
        assertTrue(parse("22 GNU.sparse.major=1\n").describesSparseFile());
        assertFalse(parse("18 path=some/file\n").describesSparseFile());
        assertNull(parse("18 path=some/file\n").bytes("linkpath"));
    }
}
