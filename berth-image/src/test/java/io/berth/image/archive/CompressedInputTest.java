package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.storage.layer.Compression;
import io.berth.testing.image.TarLayerBuilder;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CompressedInputTest {
    private static final TarLayerBuilder TAR = TarLayerBuilder.create().file("etc/hostname", "berth\n");

    @Test
    void gzipZstdAndPlainTarsAllComeOutAsTheTar() throws IOException {
        for (byte[] blob : new byte[][] {TAR.tar(), TAR.gzip(), TAR.zstd()}) {
            try (InputStream in = CompressedInput.open(new ByteArrayInputStream(blob), "x")) {
                assertArrayEquals(TAR.tar(), in.readAllBytes());
            }
        }
        assertEquals(Compression.ZSTD,
                CompressedInput.detect(new BufferedInputStream(new ByteArrayInputStream(TAR.zstd())), "x"));
    }

    @Test
    void emptyXzAndBzip2InputsAreArchiveErrors() {
        assertEquals("the archive is empty", assertThrows(ArchiveException.class,
                () -> CompressedInput.open(new ByteArrayInputStream(new byte[0]), "the archive")).getMessage());
        assertEquals("the archive is xz-compressed; Berth reads gzip, zstd or plain tar", assertThrows(
                ArchiveException.class, () -> CompressedInput.open(new ByteArrayInputStream(
                        new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}), "the archive")).getMessage());
        assertEquals("x is bzip2-compressed; Berth reads gzip, zstd or plain tar", assertThrows(ArchiveException.class,
                () -> CompressedInput.open(new ByteArrayInputStream("BZh91AY".getBytes()), "x")).getMessage());
    }

    @Test
    void aCutOffGzipStreamIsAnArchiveErrorNamingIt() throws IOException {
        byte[] gzip = TAR.gzip();
        for (int length : new int[] {gzip.length / 2, 6}) { // cut in the data, and in the gzip header
            try (InputStream in = CompressedInput.open(new ByteArrayInputStream(Arrays.copyOf(gzip, length)),
                    "the rootfs tarball")) {
                ArchiveException e = assertThrows(ArchiveException.class, in::readAllBytes);
                assertTrue(e.getMessage().startsWith("cannot read the rootfs tarball (is it truncated or corrupt?): "),
                        e.getMessage());
            }
        }
    }
}
