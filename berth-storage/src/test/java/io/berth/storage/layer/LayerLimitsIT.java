package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Mounts;
import io.berth.storage.layer.LayerRejectedException.Reason;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Size cap, free-space reserve, bombs, corrupt blobs, failing sources and bad targets. */
@RequiresRoot
class LayerLimitsIT {
    private UnpackSandbox box;

    @BeforeEach
    void setUp() throws Exception {
        box = new UnpackSandbox();
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    @Test
    void sizeCapStopsBeforeTheFileThatWouldCrossIt() throws Exception {
        byte[] layer = new TestLayer().file("a", new byte[600], e -> {}).file("b", new byte[600], e -> {}).tar();
        LayerRejectedException e = assertThrows(LayerRejectedException.class,
                () -> box.unpack(layer, LayerLimits.DEFAULT.withMaxUnpackedBytes(1024)));
        assertEquals("layer entry \"b\": the layer unpacks to more than its limit of 1.0 KiB", e.getMessage());
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertFalse(Files.exists(box.path("b")));
    }

    @Test
    void gzipBombIsStoppedByTheCap() throws Exception {
        byte[] bomb = TestLayer.gzip(new TestLayer().file("zeros", new byte[64 << 20], e -> {}).tar());
        assertTrue(bomb.length < 200_000, "a real bomb: " + bomb.length);
        LayerRejectedException e = assertThrows(LayerRejectedException.class,
                () -> box.unpack(bomb, LayerLimits.DEFAULT.withMaxUnpackedBytes(1 << 20)));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertFalse(Files.exists(box.path("zeros")), "refused before a byte was written");
    }

    @Test
    void trailingDataBombIsRefused() throws Exception {
        byte[] tar = new TestLayer().file("a", "x").tar();
        byte[] padded = Arrays.copyOf(tar, tar.length + (17 << 20));
        LayerRejectedException e = assertThrows(LayerRejectedException.class,
                () -> box.unpack(TestLayer.gzip(padded)));
        assertEquals("layer rejected: more than 16.0 MiB of data follow the end of the tar archive", e.getMessage());
    }

    @Test
    void freeSpaceReserveIsKept() throws Exception {
        Path small = Files.createDirectory(box.base.resolve("small"));
        Mounts.mount("tmpfs", small.toString(), "tmpfs", 0, "size=4m");
        try {
            Path target = Files.createDirectory(small.resolve("layer"));
            byte[] layer = new TestLayer().file("fits", new byte[1 << 20], e -> {})
                    .file("too-much", new byte[2 << 20], e -> {}).tar();
            LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> new LayerUnpacker()
                    .unpack(new ByteArrayInputStream(layer), target, new LayerLimits(LayerLimits.UNLIMITED, 0.5)));
            assertEquals(Reason.INSUFFICIENT_SPACE, e.reason());
            assertTrue(e.getMessage().startsWith("layer entry \"too-much\": unpacking it would leave less than 50%"
                    + " of the filesystem holding " + target + " free ("), e.getMessage());
            assertTrue(Files.exists(target.resolve("fits")));
            assertFalse(Files.exists(target.resolve("too-much")));
        } finally {
            Mounts.unmount(small.toString(), 0);
            TempDirs.delete(small);
        }
    }

    @Test
    void corruptGzipIsMalformed() throws Exception {
        byte[] gz = TestLayer.gzip(new TestLayer().file("a", new byte[100_000], e -> {}).tar());
        gz[gz.length / 2] ^= 0x55;
        gz[gz.length / 2 + 1] ^= 0x55;
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> box.unpack(gz));
        assertEquals(Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().startsWith("layer rejected: the layer's gzip data is corrupt or truncated: "),
                e.getMessage());
    }

    @Test
    void truncatedGzipIsMalformed() throws Exception {
        byte[] gz = TestLayer.gzip(new TestLayer().file("a", new byte[100_000], e -> {}).tar());
        LayerRejectedException e = assertThrows(LayerRejectedException.class,
                () -> box.unpack(Arrays.copyOf(gz, gz.length - 30)));
        assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void corruptZstdIsMalformed() throws Exception {
        byte[] zst = TestLayer.zstd(new TestLayer().file("a", "some text ".repeat(5000).getBytes(), e -> {}).tar(),
                box.base);
        byte[] truncated = Arrays.copyOf(zst, zst.length / 2);
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> box.unpack(truncated));
        assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void plainGarbageIsNotATar() {
        byte[] garbage = "{\"not\": \"a layer\"}".repeat(100).getBytes();
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> box.unpack(garbage));
        assertEquals("layer rejected: the layer is not a tar archive (nor gzip or zstd compressed)", e.getMessage());
    }

    @Test
    void aFailingSourceStreamIsReportedAsItselfNotAsACorruptLayer() throws Exception {
        byte[] gz = TestLayer.gzip(new TestLayer().file("a", new byte[300_000], e -> {}).tar());
        IOException network = new IOException("connection reset by registry");
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > 200) {
                    throw network;
                }
                int n = Math.min(len, Math.min(100, gz.length - served));
                System.arraycopy(gz, served, b, off, n);
                served += n;
                return n;
            }
        };
        IOException e = assertThrows(IOException.class, () -> new LayerUnpacker().unpack(failing, box.target,
                LayerLimits.DEFAULT));
        assertSame(network, e);
    }

    @Test
    void targetMustBeAnEmptyDirectory() throws Exception {
        Files.writeString(box.target.resolve("already"), "here");
        IllegalArgumentException notEmpty = assertThrows(IllegalArgumentException.class,
                () -> box.unpack(new TestLayer().file("a", "x").tar()));
        assertEquals("layer target " + box.target + " is not empty", notEmpty.getMessage());
        Path missing = box.base.resolve("missing");
        IllegalArgumentException notDir = assertThrows(IllegalArgumentException.class, () -> new LayerUnpacker()
                .unpack(new ByteArrayInputStream(new byte[1024]), missing, LayerLimits.DEFAULT));
        assertEquals("layer target " + missing + " is not a directory", notDir.getMessage());
        assertFalse(Files.exists(missing, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void emptyTarIsAnEmptyLayer() throws Exception {
        UnpackResult r = box.unpack(new byte[1024]);
        assertEquals(0, r.entries());
        assertEquals(0, r.unpackedBytes());
        assertEquals("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", r.diffId());
    }
}
