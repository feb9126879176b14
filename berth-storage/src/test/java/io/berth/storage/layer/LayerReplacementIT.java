package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A later entry of the same name wins; a directory over a directory merges. */
@RequiresRoot
class LayerReplacementIT {
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
    void laterFileReplacesEarlierFile() throws Exception {
        UnpackResult r = box.unpack(new TestLayer().file("f", "first").file("f", "second").tar());
        assertEquals("second", Files.readString(box.path("f")));
        assertEquals(2, r.entries());
    }

    @Test
    void fileReplacesDirectoryTree() throws Exception {
        box.unpack(new TestLayer().dir("d").dir("d/sub", e -> e.setMode(0500)).file("d/sub/x", "x")
                .file("d", "now a file").tar());
        assertEquals("now a file", Files.readString(box.path("d")));
    }

    @Test
    void directoryReplacesFileAndSymlink() throws Exception {
        box.unpack(new TestLayer().file("d", "file").dir("d").file("d/in", "in")
                .symlink("s", box.outside.toString()).dir("s").file("s/in", "in").tar());
        assertEquals("in", Files.readString(box.path("d/in")));
        assertTrue(Files.isDirectory(box.path("s"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("in", Files.readString(box.path("s/in")));
        box.assertNothingWrittenOutside();
    }

    @Test
    void directoryOverDirectoryKeepsContentAndTakesNewMetadata() throws Exception {
        Instant later = Instant.parse("2022-02-02T02:02:02Z");
        box.unpack(new TestLayer().dir("d", e -> e.setMode(0700)).file("d/keep", "k")
                .dir("d", e -> {
                    e.setMode(0751);
                    e.setIds(7, 8);
                    e.setModTime(FileTime.from(later));
                }).tar());
        assertEquals("k", Files.readString(box.path("d/keep")));
        assertEquals(040751, box.unix("d").get("mode"));
        assertEquals(7, box.unix("d").get("uid"));
        assertEquals(later, ((FileTime) box.unix("d").get("lastModifiedTime")).toInstant());
    }

    @Test
    void symlinkAndNodesReplaceWhatWasThere() throws Exception {
        box.unpack(new TestLayer().file("l", "file").symlink("l", "target")
                .dir("p").fifo("p").file("h", "old").file("src", "src").hardlink("h", "src").tar());
        assertEquals(Path.of("target"), Files.readSymbolicLink(box.path("l")));
        assertEquals(0010640, box.unix("p").get("mode"));
        assertEquals(box.unix("src").get("ino"), box.unix("h").get("ino"));
    }

    @Test
    void replacedDirectoryGetsNoStaleTimes() throws Exception {
        box.unpack(new TestLayer().dir("d", e -> e.setModTime(FileTime.from(Instant.EPOCH)))
                .file("d", "now a file").tar());
        assertFalse(Files.isDirectory(box.path("d"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(TestLayer.MTIME, ((FileTime) box.unix("d").get("lastModifiedTime")).toInstant());
    }

    @Test
    void entriesInAnyOrder() throws Exception {
        box.unpack(new TestLayer().file("z/y/x", "deep first").dir("z/y", e -> e.setMode(0700)).dir("z").tar());
        assertEquals("deep first", Files.readString(box.path("z/y/x")));
        assertEquals(040700, box.unix("z/y").get("mode"));
    }
}
