package io.berth.testing.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our layers as independent tools read them: gzip, zstd and GNU tar. */
class LayerDecodingTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(LayerCompression.class)
    void theToolsDecompressToTheTarTheDiffIdNames(LayerCompression compression) throws IOException {
        Layer layer = MultiLayerImage.base().layer(compression);
        Path tar = decompress(layer);
        byte[] bytes = Files.readAllBytes(tar);
        assertEquals(layer.diffId(), Sha256.of(bytes));
        assertEquals(layer.uncompressedSize(), bytes.length);
    }

    @Test
    void gnuTarSeesLongNamesLinkTargetsDevicesAndXattrs() throws IOException {
        Path tar = Files.write(dir.resolve("base.tar"), MultiLayerImage.base().tar());
        String listing = Command.of("tar", "--xattrs", "--xattrs-include=*", "-tvvf", tar.toString()).check().stdoutText();
        assertTrue(listing.contains(MultiLayerImage.LONG_FILE + "\n"), listing);
        assertTrue(listing.contains("long/link-to-long -> /" + MultiLayerImage.LONG_FILE), listing);
        assertTrue(listing.contains("long/hardlink-to-long link to " + MultiLayerImage.LONG_FILE), listing);
        assertTrue(listing.contains("x: 5 user.berth.test"), listing);
        assertTrue(listing.contains("x: 20 security.capability"), listing);
        assertTrue(listing.contains("-rwsr-xr-x  0/0"), listing);
        assertTrue(listing.contains("drwx------  1000/1000"), listing);
        assertTrue(listing.matches("(?s).*crw-rw-rw-  0/0 +1,3 .*dev/berth-null.*"), listing);
        assertTrue(listing.matches("(?s).*brw-rw-rw-  0/0 +7,200 .*dev/berth-loop.*"), listing);
    }

    @Test
    void bombsAreSmallOnTheWireAndHugeInside() throws IOException {
        Layer gzip = HostileLayer.GZIP_BOMB.layer();
        Layer zstd = HostileLayer.ZSTD_BOMB.layer();
        assertTrue(gzip.size() < 128 << 10, "gzip bomb is " + gzip.size() + " bytes");
        assertTrue(zstd.size() < 16 << 10, "zstd bomb is " + zstd.size() + " bytes");
        for (Layer bomb : new Layer[] {gzip, zstd}) {
            assertTrue(bomb.uncompressedSize() > HostileLayer.BOMB_FILE_SIZE, bomb.toString());
            assertEquals(bomb.uncompressedSize(), Files.size(decompress(bomb)), bomb.toString());
        }
    }

    private Path decompress(Layer layer) throws IOException {
        Path blob = Files.write(Files.createTempFile(dir, "blob", ""), layer.blob());
        Path tar = Files.createTempFile(dir, "layer", ".tar");
        switch (layer.compression()) {
            case NONE -> Files.copy(blob, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            case GZIP -> Files.write(tar, Command.of("gzip", "-dc", blob.toString()).check().stdout());
            case ZSTD -> Command.of("zstd", "-q", "-d", "-f", blob.toString(), "-o", tar.toString()).check();
        }
        return tar;
    }
}
