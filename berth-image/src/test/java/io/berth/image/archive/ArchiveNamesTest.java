package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.content.Digest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArchiveNamesTest {
    private static final String HEX = "a".repeat(64);

    @Test
    void namesAreComparedInOneForm() throws ArchiveException {
        assertEquals("blobs/sha256/" + HEX, ArchiveNames.normalize("./blobs//sha256/" + HEX));
        assertEquals("abc/layer.tar", ArchiveNames.normalize("/abc/./layer.tar"));
        assertEquals("blobs", ArchiveNames.normalize("blobs/"));
        assertEquals("", ArchiveNames.normalize("./"));
        assertEquals("b", ArchiveNames.normalize("a/../b"));
    }

    @Test
    void aNameClimbingOutIsRefusedByName() {
        ArchiveException e = assertThrows(ArchiveException.class, () -> ArchiveNames.normalize("a/../../etc/passwd"));
        assertTrue(e.getMessage().contains("\"a/../../etc/passwd\" climbs out of the archive"), e.getMessage());
    }

    @Test
    void symlinkTargetsResolveFromTheLinksDirectory() throws ArchiveException {
        // what docker save before 25 writes for a layer two images share
        assertEquals(HEX + ".tar", ArchiveNames.linkTarget("id2/layer.tar", "../" + HEX + ".tar"));
        assertEquals("id1/layer.tar", ArchiveNames.linkTarget("id2/layer.tar", "../id1/layer.tar"));
        assertEquals("x/y", ArchiveNames.linkTarget("a/b", "/x/y"));
        assertEquals("a/c", ArchiveNames.linkTarget("a/b", "c"));
        assertThrows(ArchiveException.class, () -> ArchiveNames.linkTarget("a", "../../x"));
    }

    @Test
    void onlyBlobsAlgorithmHexNamesCarryADigest() {
        assertEquals(Optional.of(new Digest("sha256", HEX)), ArchiveNames.blobDigest("blobs/sha256/" + HEX));
        assertEquals(Optional.empty(), ArchiveNames.blobDigest("blobs/sha256/" + HEX.substring(1)));
        assertEquals(Optional.empty(), ArchiveNames.blobDigest("blobs/md5/" + HEX));
        assertEquals(Optional.empty(), ArchiveNames.blobDigest(HEX + "/layer.tar"));
        assertEquals(Optional.empty(), ArchiveNames.blobDigest("x/blobs/sha256/" + HEX));
        assertEquals("blobs/sha256/" + HEX, ArchiveNames.blobName(new Digest("sha256", HEX)));
    }
}
