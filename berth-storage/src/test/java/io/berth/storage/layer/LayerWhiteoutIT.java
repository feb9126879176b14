package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.DeviceNumbers;
import io.berth.linux.Mounts;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OCI whiteouts become overlayfs's, and overlayfs reads them as the OCI spec means them. */
@RequiresRoot
class LayerWhiteoutIT {
    private UnpackSandbox box;

    @BeforeEach
    void setUp() throws Exception {
        box = new UnpackSandbox();
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    private void assertWhiteout(String name) throws Exception {
        Map<String, Object> attrs = box.unix(name);
        assertEquals(0020000, (Integer) attrs.get("mode") & 0170000, name + " is a character device");
        assertEquals(0L, DeviceNumbers.major((Long) attrs.get("rdev")));
        assertEquals(0L, DeviceNumbers.minor((Long) attrs.get("rdev")));
    }

    @Test
    void whiteoutFileBecomesA00CharacterDevice() throws Exception {
        UnpackResult result = box.unpack(new TestLayer().dir("etc").file("etc/.wh.passwd", "").tar());
        assertWhiteout("etc/passwd");
        assertFalse(Files.exists(box.path("etc/.wh.passwd"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(2, result.entries());
    }

    @Test
    void opaqueMarkerBecomesTheXattrAndMakesAMissingDirectory() throws Exception {
        box.unpack(new TestLayer().file("usr/share/.wh..wh..opq", "").dir("var").file("var/.wh..wh..opq", "").tar());
        assertEquals(Optional.of("y"), box.xattr("usr/share", "trusted.overlay.opaque"));
        assertEquals(Optional.of("y"), box.xattr("var", "trusted.overlay.opaque"));
        assertFalse(Files.exists(box.path("usr/share/.wh..wh..opq"), LinkOption.NOFOLLOW_LINKS));
        try (Stream<Path> s = Files.list(box.path("usr/share"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void opaqueRootHidesEveryLowerLayer() throws Exception {
        box.unpack(new TestLayer().file(".wh..wh..opq", "").tar());
        assertEquals(Optional.of("y"), box.xattr(".", "trusted.overlay.opaque"));
    }

    @Test
    void whiteoutOfAnEntryThisLayerMadeKeepsTheEntry() throws Exception {
        // whiteouts delete lower content only (image-spec layer.md): the file stays
        box.unpack(new TestLayer().file("a/file", "kept").file("a/.wh.file", "")
                .dir("a/dir").file("a/dir/inner", "kept").file("a/.wh.dir", "").tar());
        assertEquals("kept", Files.readString(box.path("a/file")));
        assertEquals("kept", Files.readString(box.path("a/dir/inner")));
        assertEquals(Optional.of("y"), box.xattr("a/dir", "trusted.overlay.opaque"), "the lower dir stays hidden");
    }

    @Test
    void entryAfterItsWhiteoutReplacesIt() throws Exception {
        box.unpack(new TestLayer().file(".wh.f", "").file("f", "new").file(".wh.d", "").dir("d")
                .file(".wh.implicit", "").file("implicit/child", "c").tar());
        assertEquals("new", Files.readString(box.path("f")));
        assertTrue(Files.isDirectory(box.path("d"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(Optional.of("y"), box.xattr("d", "trusted.overlay.opaque"), "deleted lower content stays deleted");
        assertEquals(Optional.of("y"), box.xattr("implicit", "trusted.overlay.opaque"));
        assertEquals("c", Files.readString(box.path("implicit/child")));
    }

    @Test
    void aufsMetadataIsSkipped() throws Exception {
        box.unpack(new TestLayer().dir(".wh..wh.plnk").file(".wh..wh.plnk/123.456", "x").file("kept", "k").tar());
        try (Stream<Path> s = Files.list(box.target)) {
            assertEquals(List.of(box.path("kept")), s.toList());
        }
    }

    /** The proof: stacked with overlayfs, the layers show what the OCI spec says they mean. */
    @Test
    void overlayfsReadsTheWhiteoutsAsDeletions() throws Exception {
        Path lower = Files.createDirectory(box.base.resolve("lower"));
        new LayerUnpacker().unpack(new java.io.ByteArrayInputStream(new TestLayer()
                .file("etc/passwd", "root").file("etc/group", "root")
                .file("usr/share/doc/a", "a").file("usr/share/doc/b", "b")
                .file("opt/old", "old").tar()), lower, LayerLimits.DEFAULT);
        box.unpack(new TestLayer().file("etc/.wh.passwd", "")
                .file("usr/share/doc/.wh..wh..opq", "").file("usr/share/doc/c", "c")
                .file(".wh.opt", "").file("opt/new", "new").tar());
        Path merged = Files.createDirectory(box.base.resolve("merged"));
        Mounts.mount("overlay", merged.toString(), "overlay", Mounts.MS_RDONLY,
                "lowerdir=" + box.target + ":" + lower);
        try {
            assertFalse(Files.exists(merged.resolve("etc/passwd"), LinkOption.NOFOLLOW_LINKS));
            assertEquals("root", Files.readString(merged.resolve("etc/group")));
            try (Stream<Path> doc = Files.list(merged.resolve("usr/share/doc"))) {
                assertEquals(List.of("c"), doc.map(p -> p.getFileName().toString()).toList());
            }
            try (Stream<Path> opt = Files.list(merged.resolve("opt"))) {
                assertEquals(List.of("new"), opt.map(p -> p.getFileName().toString()).toList());
            }
        } finally {
            Mounts.unmount(merged.toString(), 0);
            TempDirs.delete(merged);
        }
    }
}
