package io.berth.testing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class TarLayerBuilderTest {

    /** Reads a tar back with commons-compress: name to entry, in archive order. */
    private static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), e);
            }
        }
        return entries;
    }

    @Test
    void typedEntriesKeepTheirKindModeOwnerAndDevice() throws IOException {
        byte[] tar = TarLayerBuilder.create()
                .dir("/etc/", 0750, 10, 20)
                .file("etc/setuid", "x", 04755, 1000, 1001)
                .symlink("etc/link", "../target")
                .hardlink("etc/hard", "/etc/setuid")
                .charDevice("dev/null", 1, 3)
                .blockDevice("dev/loop0", 7, 0)
                .fifo("run/fifo")
                .tar();
        Map<String, TarArchiveEntry> entries = entries(tar);
        assertEquals(7, entries.size(), entries.keySet().toString());
        TarArchiveEntry dir = entries.get("etc/");
        assertTrue(dir.isDirectory());
        assertEquals(0750, dir.getMode() & 07777);
        assertEquals(10, dir.getLongUserId());
        assertEquals(20, dir.getLongGroupId());
        TarArchiveEntry setuid = entries.get("etc/setuid");
        assertEquals(04755, setuid.getMode() & 07777);
        assertEquals(1000, setuid.getLongUserId());
        assertEquals(TarLayerBuilder.DEFAULT_MTIME, setuid.getLastModifiedTime().toInstant());
        assertEquals("../target", entries.get("etc/link").getLinkName());
        assertTrue(entries.get("etc/hard").isLink());
        assertEquals("etc/setuid", entries.get("etc/hard").getLinkName());
        assertTrue(entries.get("dev/null").isCharacterDevice());
        assertEquals(1, entries.get("dev/null").getDevMajor());
        assertEquals(3, entries.get("dev/null").getDevMinor());
        assertTrue(entries.get("dev/loop0").isBlockDevice());
        assertEquals(7, entries.get("dev/loop0").getDevMajor());
        assertTrue(entries.get("run/fifo").isFIFO());
    }

    @Test
    void whiteoutsAndOpaqueMarkersUseTheOverlayNames() throws IOException {
        byte[] tar = TarLayerBuilder.create().whiteout("a/b/gone.txt").whiteout("top").opaque("a/dir").tar();
        assertEquals(List.of("a/b/.wh.gone.txt", ".wh.top", "a/dir/.wh..wh..opq"),
                List.copyOf(entries(tar).keySet()));
    }

    @Test
    void longNamesLinkTargetsAndXattrsTravelInPaxRecords() throws IOException {
        String longName = "d".repeat(90) + "/" + "f".repeat(120);
        byte[] cap = MultiLayerImage.capNetRawEffective();
        byte[] tar = TarLayerBuilder.create()
                .file(longName, "long")
                .symlink("link", "/" + longName)
                .xattr(longName, "user.note", "hello")
                .xattr(longName, "security.capability", cap)
                .tar();
        Map<String, TarArchiveEntry> entries = entries(tar);
        TarArchiveEntry file = entries.get(longName);
        assertEquals(4, file.getSize());
        assertEquals("hello", file.getExtraPaxHeader("SCHILY.xattr.user.note"));
        assertArrayEquals(cap, file.getExtraPaxHeader("SCHILY.xattr.security.capability").getBytes(StandardCharsets.UTF_8));
        assertEquals("/" + longName, entries.get("link").getLinkName());
    }

    @Test
    void rawEntriesKeepHostileNamesVerbatim() throws IOException {
        byte[] tar = TarLayerBuilder.create()
                .rawFile("../escape", "x")
                .rawFile("/etc/absolute", "y")
                .rawHardlink("passwd", "../../etc/passwd")
                .rawSymlink("a/../../b", "/")
                .rawDir("/abs-dir/")
                .tar();
        Map<String, TarArchiveEntry> entries = entries(tar);
        assertEquals(List.of("../escape", "/etc/absolute", "passwd", "a/../../b", "/abs-dir/"),
                List.copyOf(entries.keySet()));
        assertEquals("../../etc/passwd", entries.get("passwd").getLinkName());
    }

    @Test
    void typedEntriesRefuseClimbingNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TarLayerBuilder.create().file("a/../../etc/passwd", "x"));
        assertTrue(e.getMessage().contains("a/../../etc/passwd") && e.getMessage().contains("raw"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TarLayerBuilder.create().dir("a//b"));
        assertThrows(IllegalArgumentException.class, () -> TarLayerBuilder.create().hardlink("x", "../y"));
    }

    @Test
    void xattrNeedsAnEarlierEntryAndUtf8Bytes() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TarLayerBuilder.create().file("a", "x").xattr("b", "user.x", "v"));
        assertTrue(missing.getMessage().contains("no entry named b"), missing.getMessage());
        IllegalArgumentException binary = assertThrows(IllegalArgumentException.class,
                () -> TarLayerBuilder.create().file("a", "x").xattr("a", "user.x", new byte[] {(byte) 0xff}));
        assertTrue(binary.getMessage().contains("not valid UTF-8"), binary.getMessage());
    }

    @Test
    void theSameCallsGiveTheSameDigests() {
        Layer first = MultiLayerImage.base().layer(LayerCompression.GZIP);
        Layer second = MultiLayerImage.base().layer(LayerCompression.GZIP);
        assertEquals(first.digest(), second.digest());
        assertEquals(first.diffId(), second.diffId());
        assertNotEquals(first.digest(), first.diffId());
    }

    @Test
    void uncompressedLayerDigestIsItsDiffId() {
        Layer layer = MultiLayerImage.base().layer(LayerCompression.NONE);
        assertEquals(layer.digest(), layer.diffId());
        assertEquals(layer.size(), layer.uncompressedSize());
        assertEquals("application/vnd.oci.image.layer.v1.tar", layer.mediaType());
    }
}
