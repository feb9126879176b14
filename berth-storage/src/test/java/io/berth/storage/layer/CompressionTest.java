package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompressionTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void toldByMagicBytes() throws Exception {
        assertEquals(Compression.GZIP, Compression.detect(bytes(0x1f, 0x8b, 8, 0, 0, 0), "x"));
        assertEquals(Compression.ZSTD, Compression.detect(bytes(0x28, 0xb5, 0x2f, 0xfd, 0, 0), "x"));
        assertEquals(Compression.NONE, Compression.detect("etc/pa".getBytes(), "x"));
        assertEquals(Compression.NONE, Compression.detect(bytes(0x1f), "x"));
    }

    @Test
    void xzBzip2AndEmptyStreamsAreRefusedByName() {
        CompressionException xz = assertThrows(CompressionException.class,
                () -> Compression.detect(bytes(0xfd, '7', 'z', 'X', 'Z', 0), "the archive"));
        assertEquals("the archive is xz-compressed; Berth reads gzip, zstd or plain tar", xz.getMessage());
        assertFalse(xz.isEmpty());
        assertEquals("x is bzip2-compressed; Berth reads gzip, zstd or plain tar",
                assertThrows(CompressionException.class, () -> Compression.detect("BZh91A".getBytes(), "x")).getMessage());
        CompressionException empty = assertThrows(CompressionException.class, () -> Compression.detect(new byte[0], "x"));
        assertEquals("x is empty", empty.getMessage());
        assertTrue(empty.isEmpty());
    }

    @Test
    void whatIsCompressedComesBackThroughEachFormatAndPeekingConsumesNothing() throws IOException {
        byte[] data = "some tar bytes, or anything else".repeat(100).getBytes(StandardCharsets.UTF_8);
        for (Compression c : Compression.values()) {
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            try (OutputStream out = c.compress(blob)) {
                out.write(data);
            }
            BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(blob.toByteArray()));
            assertEquals(c, Compression.peek(in, "x"));
            try (InputStream plain = Compression.peek(in, "x").decompress(in)) {
                assertArrayEquals(data, plain.readAllBytes(), c.displayName());
            }
        }
    }

    @Test
    void theUnpackerRefusesXzAndEmptyBlobsWithItsOwnReasons() throws IOException {
        Path target = Files.createTempDirectory("berth-compression-");
        try {
            LayerRejectedException xz = assertThrows(LayerRejectedException.class, () -> new LayerUnpacker().unpack(
                    new ByteArrayInputStream(bytes(0xfd, '7', 'z', 'X', 'Z', 0, 1, 2)), target, LayerLimits.DEFAULT));
            assertEquals("layer rejected: the layer blob is xz-compressed; Berth reads gzip, zstd or plain tar",
                    xz.getMessage());
            assertEquals(Reason.UNSUPPORTED, xz.reason());
            LayerRejectedException empty = assertThrows(LayerRejectedException.class,
                    () -> new LayerUnpacker().unpack(new ByteArrayInputStream(new byte[0]), target, LayerLimits.DEFAULT));
            assertEquals("layer rejected: the layer blob is empty", empty.getMessage());
            assertEquals(Reason.MALFORMED, empty.reason());
            for (byte[] cutOff : new byte[][] {bytes(0x1f, 0x8b, 8, 0, 0, 0), bytes(0x28, 0xb5, 0x2f, 0xfd, 0x24)}) {
                LayerRejectedException header = assertThrows(LayerRejectedException.class,
                        () -> new LayerUnpacker().unpack(new ByteArrayInputStream(cutOff), target, LayerLimits.DEFAULT));
                assertTrue(header.getMessage().matches("layer rejected: the layer's (gzip|zstd) data is corrupt or truncated: .*"),
                        header.getMessage());
                assertEquals(Reason.MALFORMED, header.reason());
            }
        } finally {
            Files.delete(target);
        }
    }
}
