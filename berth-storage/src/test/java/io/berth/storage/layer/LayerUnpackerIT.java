package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.DeviceNumbers;
import io.berth.linux.Xattrs;
import io.berth.testing.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every entry type with its owner, mode, times and xattrs, from each compression. */
@RequiresRoot
class LayerUnpackerIT {
    private static final Instant FILE_TIME = Instant.parse("2019-05-06T07:08:09.123456700Z");
    private static final Instant DIR_TIME = Instant.parse("2018-01-01T00:00:00Z");
    private static final Instant LINK_TIME = Instant.parse("2017-02-03T04:05:06Z");

    private UnpackSandbox box;

    @BeforeEach
    void setUp() throws Exception {
        box = new UnpackSandbox();
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    private static byte[] everyType() {
        return new TestLayer()
                .dir("usr", e -> e.setModTime(FileTime.from(DIR_TIME)))
                .dir("usr/bin", e -> {
                    e.setModTime(FileTime.from(DIR_TIME));
                    e.setIds(1000, 1001);
                    e.setMode(0750);
                })
                .file("usr/bin/sudo", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), e -> {
                    e.setMode(04755);
                    e.setIds(0, 0);
                    e.setModTime(FileTime.from(FILE_TIME));
                })
                .file("usr/bin/wall", "wall".getBytes(StandardCharsets.UTF_8), e -> {
                    e.setMode(02755);
                    e.setIds(0, 5);
                })
                .dir("tmp", e -> e.setMode(01777))
                .file("usr/bin/owned", "x".getBytes(StandardCharsets.UTF_8), e -> {
                    e.setIds(1234, 5678);
                    e.addPaxHeader("SCHILY.xattr.user.origin", "berth-test");
                    e.addPaxHeader("SCHILY.xattr.trusted.note", "root only");
                })
                .symlink("usr/bin/sh", "/bin/busybox", e -> {
                    e.setIds(42, 43);
                    e.setModTime(FileTime.from(LINK_TIME));
                })
                .hardlink("usr/bin/sudoedit", "usr/bin/sudo")
                .device("dev/null", TarConstants.LF_CHR, 1, 3)
                .device("dev/sda", TarConstants.LF_BLK, 8, 0)
                .device("dev/big", TarConstants.LF_CHR, 300, 70000)
                .fifo("run/initctl")
                .tar();
    }

    @Test
    void unpacksEveryTypeWithItsMetadata() throws Exception {
        UnpackResult result = box.unpack(everyType());
        assertEquals(12, result.entries());
        assertEquals(10 + 4 + 1, result.unpackedBytes());

        assertEquals("#!/bin/sh\n", Files.readString(box.path("usr/bin/sudo")));
        Map<String, Object> sudo = box.unix("usr/bin/sudo");
        assertEquals(0104755, sudo.get("mode"));
        assertEquals(FILE_TIME, ((FileTime) sudo.get("lastModifiedTime")).toInstant());
        assertEquals(0102755, box.unix("usr/bin/wall").get("mode"));
        assertEquals(5, box.unix("usr/bin/wall").get("gid"));
        assertEquals(041777, box.unix("tmp").get("mode"));

        Map<String, Object> owned = box.unix("usr/bin/owned");
        assertEquals(1234, owned.get("uid"));
        assertEquals(5678, owned.get("gid"));
        assertEquals("berth-test", box.xattr("usr/bin/owned", "user.origin").orElseThrow());
        assertEquals("root only", box.xattr("usr/bin/owned", "trusted.note").orElseThrow());

        Map<String, Object> bin = box.unix("usr/bin");
        assertEquals(040750, bin.get("mode"));
        assertEquals(1000, bin.get("uid"));
        assertEquals(1001, bin.get("gid"));
        assertEquals(DIR_TIME, ((FileTime) bin.get("lastModifiedTime")).toInstant(), "set after its contents");
        assertEquals(DIR_TIME, ((FileTime) box.unix("usr").get("lastModifiedTime")).toInstant());

        Path sh = box.path("usr/bin/sh");
        assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(sh));
        Map<String, Object> link = box.unix("usr/bin/sh");
        assertEquals(42, link.get("uid"));
        assertEquals(43, link.get("gid"));
        assertEquals(LINK_TIME, ((FileTime) link.get("lastModifiedTime")).toInstant(), "the symlink's own time");

        assertEquals(box.unix("usr/bin/sudo").get("ino"), box.unix("usr/bin/sudoedit").get("ino"));
        assertEquals(2, box.unix("usr/bin/sudo").get("nlink"));

        assertDevice("dev/null", 0020620, 1, 3);
        assertDevice("dev/sda", 0060620, 8, 0);
        assertDevice("dev/big", 0020620, 300, 70000);
        assertEquals(0010640, box.unix("run/initctl").get("mode"));
        box.assertNothingWrittenOutside();
    }

    private void assertDevice(String name, int mode, long major, long minor) throws Exception {
        Map<String, Object> dev = box.unix(name);
        assertEquals(mode, dev.get("mode"), name);
        long rdev = (Long) dev.get("rdev");
        assertEquals(major, DeviceNumbers.major(rdev), name);
        assertEquals(minor, DeviceNumbers.minor(rdev), name);
    }

    @Test
    void implicitParentsAre0755AndRootOwned() throws Exception {
        box.unpack(new TestLayer().file("a/b/c", "x").tar());
        assertEquals(040755, box.unix("a").get("mode"));
        assertEquals(040755, box.unix("a/b").get("mode"));
        assertEquals(0, box.unix("a/b").get("uid"));
    }

    @Test
    void binaryCapabilityXattrAndNanosecondTimesSurviveExactly() throws Exception {
        byte[] cap = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] tar = new RawTar()
                .pax(Map.of("SCHILY.xattr.security.capability", cap,
                        "mtime", "1600000000.987654321".getBytes(), "atime", "1500000000.000000001".getBytes(),
                        "uid", "100000".getBytes()))
                .entry("usr/bin/newuidmap", '0', 04755, "binary".getBytes())
                .finish();
        box.unpack(tar);
        Path file = box.path("usr/bin/newuidmap");
        assertArrayEquals(cap, Xattrs.get(file.toString(), "security.capability").orElseThrow());
        Map<String, Object> attrs = box.unix("usr/bin/newuidmap");
        assertEquals(Instant.ofEpochSecond(1600000000, 987654321), ((FileTime) attrs.get("lastModifiedTime")).toInstant());
        assertEquals(Instant.ofEpochSecond(1500000000, 1), ((FileTime) attrs.get("lastAccessTime")).toInstant());
        assertEquals(100000, attrs.get("uid"));
        assertEquals(0104755, attrs.get("mode"), "setuid kept although set with the capability");
    }

    @Test
    void diffIdIsTheSha256OfTheWholeTarStreamFromEveryCompression() throws Exception {
        byte[] tar = everyType();
        byte[] padded = java.util.Arrays.copyOf(tar, tar.length + 4096); // extra zeros after the end marker
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(padded));
        for (byte[] blob : new byte[][] {padded, TestLayer.gzip(padded), TestLayer.zstd(padded, box.base)}) {
            try (UnpackSandbox each = new UnpackSandbox()) {
                UnpackResult result = each.unpack(blob);
                assertEquals(expected, result.diffId());
                assertEquals("#!/bin/sh\n", Files.readString(each.path("usr/bin/sudo")));
                assertEquals(12, result.entries());
            }
        }
    }

    @Test
    void concatenatedGzipMembersFromAStreamThatNeverSaysAvailable() throws Exception {
        byte[] tar = everyType();
        int half = 3 * 512;
        byte[] first = TestLayer.gzip(java.util.Arrays.copyOfRange(tar, 0, half));
        byte[] second = TestLayer.gzip(java.util.Arrays.copyOfRange(tar, half, tar.length));
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        java.io.InputStream network = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(both)) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 700)); // short reads, as sockets give
            }
        };
        UnpackResult result = new LayerUnpacker().unpack(network, box.target, LayerLimits.DEFAULT);
        assertEquals(12, result.entries());
        assertTrue(Files.exists(box.path("run/initctl"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void rootEntrySetsTheTargetsOwnMetadata() throws Exception {
        box.unpack(new TestLayer().dir("./", e -> {
            e.setMode(0711);
            e.setModTime(FileTime.from(DIR_TIME));
        }).file("./etc/hostname", "x").tar());
        Map<String, Object> root = Files.readAttributes(box.target, "unix:*", LinkOption.NOFOLLOW_LINKS);
        assertEquals(040711, root.get("mode"));
        assertEquals(DIR_TIME, ((FileTime) root.get("lastModifiedTime")).toInstant());
    }

    @Test
    void longNamesUnpack() throws Exception {
        String deep = String.join("/", java.util.Collections.nCopies(40, "directory-name-of-some-length")) + "/leaf";
        box.unpack(new TestLayer().file(deep, "deep").tar());
        assertEquals("deep", Files.readString(box.path(deep)));
    }

    @Test
    void gnuTarLayerWithXattrsUnpacksLikeGnuTarItself() throws Exception {
        Path source = Files.createDirectory(box.base.resolve("gnu-source"));
        Files.writeString(source.resolve("ping"), "elf");
        Files.createDirectory(source.resolve("sub"));
        Files.createSymbolicLink(source.resolve("sub/link"), Path.of("../ping"));
        run("setcap", "cap_net_raw,cap_setuid+ep", source.resolve("ping").toString());
        byte[] expectedCap = Xattrs.get(source.resolve("ping").toString(), "security.capability").orElseThrow();
        Path tarFile = box.base.resolve("gnu.tar");
        run("tar", "--xattrs", "--xattrs-include=*", "--format=posix", "-C", source.toString(), "-cf",
                tarFile.toString(), ".");
        box.unpack(Files.readAllBytes(tarFile));
        assertArrayEquals(expectedCap, Xattrs.get(box.path("ping").toString(), "security.capability").orElseThrow());
        assertEquals(Path.of("../ping"), Files.readSymbolicLink(box.path("sub/link")));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }
}
