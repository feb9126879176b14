package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class TarReaderTest {
    private static TarReader reader(byte[] tar) {
        return new TarReader(new ByteArrayInputStream(tar), 1024);
    }

    private static List<TarEntry> readAll(byte[] tar) throws IOException {
        TarReader r = reader(tar);
        List<TarEntry> entries = new ArrayList<>();
        for (TarEntry e = r.next(); e != null; e = r.next()) {
            entries.add(e);
        }
        return entries;
    }

    private static byte[] data(TarReader r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.transferData(out::write);
        return out.toByteArray();
    }

    @Test
    void readsEveryTypeWithItsMetadata() throws IOException {
        byte[] tar = new TestLayer()
                .dir("etc", e -> e.setIds(10, 20))
                .file("etc/motd", "hello".getBytes(StandardCharsets.UTF_8), e -> e.setMode(04755))
                .symlink("bin", "usr/bin")
                .hardlink("etc/motd2", "etc/motd")
                .device("dev/null", TarConstants.LF_CHR, 1, 3)
                .device("dev/loop0", TarConstants.LF_BLK, 7, 0)
                .fifo("run/fifo")
                .tar();
        List<TarEntry> entries = readAll(tar);
        assertEquals(List.of(TarEntryType.DIRECTORY, TarEntryType.REGULAR, TarEntryType.SYMLINK,
                TarEntryType.HARDLINK, TarEntryType.CHAR_DEVICE, TarEntryType.BLOCK_DEVICE, TarEntryType.FIFO),
                entries.stream().map(TarEntry::type).toList());
        assertEquals("etc/", entries.get(0).name());
        assertEquals(10, entries.get(0).uid());
        assertEquals(20, entries.get(0).gid());
        assertEquals(04755, entries.get(1).mode());
        assertEquals(5, entries.get(1).size());
        assertEquals(TestLayer.MTIME, entries.get(1).mtime());
        assertEquals("usr/bin", entries.get(2).linkName());
        assertEquals("etc/motd", entries.get(3).linkName());
        assertEquals(1, entries.get(4).devMajor());
        assertEquals(3, entries.get(4).devMinor());
        assertEquals(7, entries.get(5).devMajor());
    }

    @Test
    void handsOutDataAcrossBufferRefills() throws IOException {
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'x');
        big[4999] = 'y';
        TarReader r = reader(new TestLayer().file("a", big, e -> {}).file("b", "second").tar());
        assertEquals("a", r.next().name());
        assertArrayEquals(big, data(r));
        assertEquals("b", r.next().name());
        assertEquals("second", new String(data(r), StandardCharsets.UTF_8));
        assertNull(r.next());
    }

    @Test
    void unreadDataIsSkipped() throws IOException {
        TarReader r = reader(new TestLayer().file("a", "skip me").file("b", "read me").tar());
        r.next();
        assertEquals("b", r.next().name());
        assertEquals("read me", new String(data(r), StandardCharsets.UTF_8));
    }

    @Test
    void longNamesPaxAndGnu() throws IOException {
        String longName = "d/" + "n".repeat(150) + "/file";
        String longTarget = "t/" + "l".repeat(150);
        assertEquals(longName, readAll(new TestLayer().file(longName, "x").tar()).getFirst().name());
        assertEquals(longTarget, readAll(new TestLayer().symlink("s", longTarget).tar()).getFirst().linkName());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream gnu = new TarArchiveOutputStream(bytes)) {
            gnu.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            TarArchiveEntry e = new TarArchiveEntry(longName);
            gnu.putArchiveEntry(e);
            gnu.closeArchiveEntry();
        }
        assertEquals(longName, readAll(bytes.toByteArray()).getFirst().name());
    }

    @Test
    void ustarPrefixIsJoined() throws IOException {
        byte[] header = RawTar.header("file", '0', 0644, "", 0);
        byte[] prefix = "some/dir".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, header, 345, prefix.length);
        fixChecksum(header);
        assertEquals("some/dir/file", readAll(new RawTar().raw(header).finish()).getFirst().name());
    }

    @Test
    void bigNumbersAndNanosecondTimesFromPax() throws IOException {
        // commons-compress writes times to 100 ns; RawTar tests whole nanoseconds
        Instant precise = Instant.parse("2030-01-02T03:04:05.1234567Z");
        byte[] tar = new TestLayer().file("f", "x".getBytes(StandardCharsets.UTF_8), e -> {
            e.setIds(3_000_000, 4_000_000);
            e.setModTime(FileTime.from(precise));
        }).tar();
        TarEntry e = readAll(tar).getFirst();
        assertEquals(3_000_000, e.uid());
        assertEquals(4_000_000, e.gid());
        assertEquals(precise, e.mtime());
    }

    @Test
    void gnuBase256Numbers() throws IOException {
        byte[] header = RawTar.header("f", '0', 0644, "", 0);
        Arrays.fill(header, 108, 116, (byte) 0);
        header[108] = (byte) 0x80;
        header[114] = 0x12;
        header[115] = 0x34; // uid 0x1234
        fixChecksum(header);
        assertEquals(0x1234, readAll(new RawTar().raw(header).finish()).getFirst().uid());
    }

    @Test
    void binaryXattrsFromRawPax() throws IOException {
        byte[] cap = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] tar = new RawTar()
                .pax(Map.of("SCHILY.xattr.security.capability", cap, "SCHILY.xattr.user.note", "hi".getBytes()))
                .entry("bin/ping", '0', 0755, new byte[0])
                .finish();
        TarEntry e = readAll(tar).getFirst();
        assertArrayEquals(cap, e.xattrs().get("security.capability"));
        assertArrayEquals("hi".getBytes(), e.xattrs().get("user.note"));
    }

    @Test
    void paxAppliesToTheNextEntryOnly() throws IOException {
        byte[] tar = new RawTar()
                .pax(Map.of("path", "renamed".getBytes(), "uid", "77".getBytes()))
                .entry("original", '0', 0644, new byte[0])
                .entry("plain", '0', 0644, new byte[0])
                .finish();
        List<TarEntry> entries = readAll(tar);
        assertEquals("renamed", entries.get(0).name());
        assertEquals(77, entries.get(0).uid());
        assertEquals("plain", entries.get(1).name());
        assertEquals(0, entries.get(1).uid());
    }

    @Test
    void linksAndDirectoriesCarryNoDataWhateverTheirSize() throws IOException {
        // Go's reader reads no data after a directory header; neither do we
        byte[] header = RawTar.header("d/", '5', 0755, "", 512);
        byte[] tar = new RawTar().raw(header).entry("next", '0', 0644, new byte[0]).finish();
        List<TarEntry> entries = readAll(tar);
        assertEquals("next", entries.get(1).name());
        assertEquals(0, entries.get(0).size());
    }

    @Test
    void oldStyleDirectoryIsARegularTypeWithASlash() throws IOException {
        assertEquals(TarEntryType.DIRECTORY,
                readAll(new RawTar().entry("olddir/", '\0', 0755, new byte[0]).finish()).getFirst().type());
    }

    @Test
    void endsAtTheZeroBlockOrACleanEndOfStream() throws IOException {
        assertEquals(1, readAll(new RawTar().entry("a", '0', 0644, new byte[0]).unfinished()).size());
        assertTrue(readAll(new byte[1024]).isEmpty());
    }

    @Test
    void drainCountsTrailingBytes() throws IOException {
        byte[] tar = new RawTar().entry("a", '0', 0644, new byte[0]).finish();
        byte[] padded = Arrays.copyOf(tar, tar.length + 9000);
        TarReader r = reader(padded);
        r.next();
        assertNull(r.next());
        assertEquals(padded.length - 1024, r.drain(1 << 20));
    }

    @Test
    void notATarArchive() {
        byte[] text = "this is not a tar archive at all".repeat(40).getBytes(StandardCharsets.US_ASCII);
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> readAll(text));
        assertEquals("layer rejected: the layer is not a tar archive (nor gzip or zstd compressed)", e.getMessage());
        assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void corruptHeaderNamesTheLastGoodEntry() {
        byte[] bad = RawTar.header("b", '0', 0644, "", 0);
        bad[0] = 'c'; // checksum no longer matches
        byte[] tar = new RawTar().entry("a", '0', 0644, new byte[0]).raw(bad).finish();
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> readAll(tar));
        assertEquals("layer rejected: tar header at byte 512 is corrupt (checksum mismatch)"
                + " (the last entry read was \"a\")", e.getMessage());
    }

    @Test
    void truncatedDataNamesTheEntry() throws IOException {
        byte[] tar = new RawTar().raw(RawTar.header("big", '0', 0644, "", 4096)).raw(new byte[100]).unfinished();
        TarReader r = reader(tar);
        r.next();
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> data(r));
        assertEquals("layer entry \"big\": the stream ends inside its data", e.getMessage());
    }

    @Test
    void truncatedHeader() {
        byte[] tar = Arrays.copyOf(RawTar.header("a", '0', 0644, "", 0), 300);
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> readAll(tar));
        assertEquals("layer rejected: the stream ends inside a tar header", e.getMessage());
    }

    @Test
    void sparseFilesAreRefused() {
        byte[] tar = new RawTar()
                .pax(Map.of("GNU.sparse.major", "1".getBytes(), "GNU.sparse.minor", "0".getBytes()))
                .entry("disk.img", '0', 0644, new byte[0])
                .finish();
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> readAll(tar));
        assertEquals("layer entry \"disk.img\": sparse tar members are not supported", e.getMessage());
        assertEquals(Reason.UNSUPPORTED, e.reason());
        byte[] oldGnu = new RawTar().entry("old.img", 'S', 0644, new byte[0]).finish();
        assertEquals(Reason.UNSUPPORTED,
                assertThrows(LayerRejectedException.class, () -> readAll(oldGnu)).reason());
    }

    @Test
    void unknownTypesAreRefused() {
        byte[] tar = new RawTar().entry("vol", 'M', 0644, new byte[0]).finish();
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> readAll(tar));
        assertEquals("layer entry \"vol\": unsupported tar member type 'M'", e.getMessage());
    }

    @Test
    void namesMustBeUtf8() {
        byte[] header = RawTar.header("caf_", '0', 0644, "", 0);
        header[3] = (byte) 0xe9; // Latin-1 é
        fixChecksum(header);
        LayerRejectedException e = assertThrows(LayerRejectedException.class,
                () -> readAll(new RawTar().raw(header).finish()));
        assertEquals("layer entry \"caf\u00e9\": name is not valid UTF-8", e.getMessage());
        assertEquals(Reason.UNSUPPORTED, e.reason());
    }

    @Test
    void controlCharactersInNamesAreEscapedInMessages() {
        byte[] tar = new RawTar().entry("evil\n\u001b[31m", 'M', 0644, new byte[0]).finish();
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> readAll(tar));
        assertTrue(e.getMessage().startsWith("layer entry \"evil\\n\\x1b[31m\":"), e.getMessage());
    }

    @Test
    void oversizedPaxHeaderIsRefused() {
        byte[] tar = new RawTar().raw(RawTar.header("PaxHeaders/x", 'x', 0644, "", 2L << 20)).finish();
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> readAll(tar));
        assertEquals("layer rejected: PAX header of 2097152 bytes (at most 1048576 allowed)", e.getMessage());
    }

    static void fixChecksum(byte[] header) {
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, header, 148, 8);
    }
}
