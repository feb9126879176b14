package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.storage.layer.LayerRejectedException.Reason;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Layers that try to write outside their directory: each is refused naming the entry, or
 * confined, and the sentinel beside the target is never touched. Symlinks aim at the
 * sandbox's own "outside" directory, never at the host's /etc, so a bug cannot harm the machine.
 */
@RequiresRoot
class LayerHostileIT {
    private UnpackSandbox box;

    @BeforeEach
    void setUp() throws Exception {
        box = new UnpackSandbox();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            box.assertNothingWrittenOutside();
        } finally {
            box.close();
        }
    }

    /** Unpacks into a fresh target, expecting a refusal. */
    private LayerRejectedException refused(byte[] layer) throws Exception {
        box.resetTarget();
        return assertThrows(LayerRejectedException.class, () -> box.unpack(layer));
    }

    @Test
    void dotDotNamesAreRefused() throws Exception {
        LayerRejectedException e = refused(new RawTar().entry("../outside/sentinel", '0', 0644, "owned".getBytes()).finish());
        assertEquals("layer entry \"../outside/sentinel\": path climbs out of the layer root", e.getMessage());
        assertEquals(Reason.UNSAFE_PATH, e.reason());
        assertEquals("../outside/sentinel", e.entry().orElseThrow());
        refused(new RawTar().entry("a/../../outside/new", '0', 0644, "x".getBytes()).finish());
        refused(new RawTar().entry("../layer-sibling/", '5', 0755, new byte[0]).finish());
    }

    @Test
    void absoluteNamesAreConfined() throws Exception {
        String absolute = box.outside.resolve("sentinel").toString(); // "/tmp/.../outside/sentinel"
        box.unpack(new RawTar().entry(absolute, '0', 0644, "confined".getBytes()).finish());
        assertEquals("confined", Files.readString(box.path(absolute.substring(1))));
    }

    @Test
    void writingThroughAnAbsoluteSymlinkIsRefused() throws Exception {
        LayerRejectedException e = refused(new TestLayer()
                .symlink("etc", box.outside.toString()).file("etc/sentinel", "owned").tar());
        assertEquals("layer entry \"etc/sentinel\": path component \"etc\" is a symlink, and Berth follows none"
                + " while unpacking", e.getMessage());
        assertEquals(Reason.UNSAFE_PATH, e.reason());
    }

    @Test
    void writingThroughARelativeSymlinkIsRefused() throws Exception {
        refused(new TestLayer().symlink("up", "../outside").file("up/sentinel", "owned").tar());
        refused(new TestLayer().symlink("a", "../../../../../../../../..").file("a" + box.sentinel, "owned").tar());
    }

    @Test
    void dotDotAfterASymlinkIsLexicalNeverThroughTheLink() throws Exception {
        box.unpack(new TestLayer().dir("d").symlink("d/link", "../..").file("d/link/../outside/new", "x").tar());
        assertEquals("x", Files.readString(box.path("d/outside/new")), "d/link/.. is d, whatever link points at");
    }

    @Test
    void directoriesDevicesAndLinksThroughASymlinkAreRefused() throws Exception {
        refused(new TestLayer().symlink("s", box.outside.toString()).dir("s/newdir").tar());
        refused(new TestLayer().symlink("s", box.outside.toString()).fifo("s/fifo").tar());
        refused(new TestLayer().symlink("s", box.outside.toString()).symlink("s/l", "x").tar());
        refused(new TestLayer().symlink("s", box.outside.toString()).file("f", "x").hardlink("s/h", "f").tar());
    }

    @Test
    void whiteoutsThroughASymlinkAreRefused() throws Exception {
        refused(new TestLayer().symlink("s", box.outside.toString()).file("s/.wh.sentinel", "").tar());
        refused(new TestLayer().symlink("s", box.outside.toString()).file("s/.wh..wh..opq", "").tar());
        assertFalse(io.berth.linux.Xattrs.get(box.outside.toString(), "trusted.overlay.opaque").isPresent());
    }

    @Test
    void whiteoutsThatClimbOutAreRefused() throws Exception {
        assertEquals("layer entry \"../outside/.wh.sentinel\": path climbs out of the layer root",
                refused(new RawTar().entry("../outside/.wh.sentinel", '0', 0644, new byte[0]).finish()).getMessage());
        assertEquals("layer entry \".wh...\": whiteout climbs out of its directory",
                refused(new RawTar().entry(".wh...", '0', 0644, new byte[0]).finish()).getMessage());
    }

    @Test
    void hardlinksOutOfTheLayerAreRefused() throws Exception {
        LayerRejectedException e = refused(new TestLayer().hardlink("passwd", "../outside/sentinel").tar());
        assertEquals("layer entry \"passwd\": hardlink target \"../outside/sentinel\" climbs out of the layer root",
                e.getMessage());
        // an absolute target is confined like a name: it must be an entry of this layer
        LayerRejectedException absolute = refused(new TestLayer().hardlink("passwd", box.sentinel.toString()).tar());
        assertEquals(Reason.MALFORMED, absolute.reason());
        assertEquals("layer entry \"passwd\": hardlink target \"" + box.sentinel + "\" is not in the layer"
                + " (it must come earlier in the same layer)", absolute.getMessage());
    }

    @Test
    void hardlinkThroughASymlinkedDirectoryIsRefused() throws Exception {
        LayerRejectedException e = refused(new TestLayer().symlink("s", box.outside.toString())
                .hardlink("stolen", "s/sentinel").tar());
        assertEquals("layer entry \"stolen\": path component \"s\" is a symlink, and Berth follows none while"
                + " unpacking", e.getMessage());
    }

    @Test
    void hardlinkToASymlinkLinksTheSymlinkItself() throws Exception {
        box.unpack(new TestLayer().symlink("evil", box.sentinel.toString()).hardlink("copy", "evil").tar());
        assertEquals(box.sentinel, Files.readSymbolicLink(box.path("copy")));
        Map<String, Object> link = box.unix("copy");
        assertEquals(box.unix("evil").get("ino"), link.get("ino"));
        assertEquals(1, Files.readAttributes(box.sentinel, "unix:nlink").get("nlink"), "the sentinel got no new link");
    }

    @Test
    void symlinksAreKeptAsData() throws Exception {
        box.unpack(new TestLayer().symlink("etc", box.outside.toString())
                .symlink("up", "../../../../../..").tar());
        assertEquals(box.outside, Files.readSymbolicLink(box.path("etc")));
    }

    @Test
    void fileReplacingASymlinkReplacesTheLinkNotItsTarget() throws Exception {
        box.unpack(new TestLayer().symlink("f", box.sentinel.toString()).file("f", "replaced").tar());
        assertFalse(Files.isSymbolicLink(box.path("f")));
        assertEquals("replaced", Files.readString(box.path("f")));
    }

    @Test
    void metadataOfASymlinkNeverReachesItsTarget() throws Exception {
        int before = (Integer) Files.readAttributes(box.sentinel, "unix:mode").get("mode");
        box.unpack(new TestLayer().symlink("s", box.sentinel.toString(), e -> e.setIds(4321, 4321))
                .symlink("s", box.sentinel.toString(), e -> e.setIds(999, 999)).tar());
        Map<String, Object> sentinel = Files.readAttributes(box.sentinel, "unix:*");
        assertEquals(0, sentinel.get("uid"));
        assertEquals(before, sentinel.get("mode"));
        assertEquals(999, box.unix("s").get("uid"));
    }

    @Test
    void overlayMetadataXattrsAreRefused() throws Exception {
        LayerRejectedException e = refused(new TestLayer().file("f", "x".getBytes(), x ->
                x.addPaxHeader("SCHILY.xattr.trusted.overlay.redirect", "/etc")).tar());
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertEquals("f", e.entry().orElseThrow());
    }

    @Test
    void nonDirectoryRootIsRefused() throws Exception {
        assertEquals("layer entry \"./\": names the layer root but is a symlink",
                refused(new RawTar().entry("./", '2', 0777, "/", new byte[0]).finish()).getMessage());
    }

    @Test
    void entryBelowAFileIsRefused() throws Exception {
        assertEquals("layer entry \"f/x\": path component \"f\" is not a directory",
                refused(new TestLayer().file("f", "file").file("f/x", "x").tar()).getMessage());
    }

    @Test
    void hardlinkToADirectoryIsRefused() throws Exception {
        assertEquals("layer entry \"h\": hardlink target \"d\" is a directory",
                refused(new TestLayer().dir("d").hardlink("h", "d").tar()).getMessage());
        assertEquals("layer entry \"d/h\": hardlink to itself or to an entry inside it",
                refused(new TestLayer().file("d/h", "x").hardlink("d/h", "d/h").tar()).getMessage());
    }

    @Test
    void nothingIsLeftBehindOutsideEvenAfterARefusal() throws Exception {
        refused(new TestLayer().file("ok", "fine").symlink("s", box.outside.toString()).file("s/x", "x").tar());
        assertEquals("fine", Files.readString(box.path("ok")));
        assertFalse(Files.exists(box.outside.resolve("x"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(Path.of(box.outside.toString(), "x"), LinkOption.NOFOLLOW_LINKS));
    }
}
