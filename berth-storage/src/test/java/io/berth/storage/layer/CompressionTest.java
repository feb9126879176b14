package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.storage.layer.LayerRejectedException.Reason;
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
        assertEquals(Compression.GZIP, Compression.detect(bytes(0x1f, 0x8b, 8, 0, 0, 0)));
        assertEquals(Compression.ZSTD, Compression.detect(bytes(0x28, 0xb5, 0x2f, 0xfd, 0, 0)));
        assertEquals(Compression.NONE, Compression.detect("etc/pa".getBytes()));
        assertEquals(Compression.NONE, Compression.detect(bytes(0x1f)));
    }

    @Test
    void xzAndBzip2AreRefusedByName() {
        LayerRejectedException xz = assertThrows(LayerRejectedException.class,
                () -> Compression.detect(bytes(0xfd, '7', 'z', 'X', 'Z', 0)));
        assertEquals("layer rejected: the layer is xz-compressed; OCI layers are gzip, zstd or plain tar",
                xz.getMessage());
        assertEquals(Reason.UNSUPPORTED, xz.reason());
        assertEquals(Reason.UNSUPPORTED,
                assertThrows(LayerRejectedException.class, () -> Compression.detect("BZh91A".getBytes())).reason());
    }

    @Test
    void anEmptyBlobIsNoLayer() {
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> Compression.detect(new byte[0]));
        assertEquals("layer rejected: the layer blob is empty", e.getMessage());
    }
}
