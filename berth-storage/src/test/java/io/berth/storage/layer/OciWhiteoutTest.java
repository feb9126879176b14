package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OciWhiteoutTest {
    private static OciWhiteout of(String name) throws LayerRejectedException {
        return OciWhiteout.of(LayerPath.ofEntry(name), name);
    }

    @Test
    void classifiesMarkers() throws Exception {
        assertEquals(new OciWhiteout.Removal("passwd"), of("etc/.wh.passwd"));
        assertEquals(new OciWhiteout.Removal(".hidden"), of(".wh..hidden"));
        assertInstanceOf(OciWhiteout.Opaque.class, of("usr/share/.wh..wh..opq"));
        assertInstanceOf(OciWhiteout.AufsMetadata.class, of(".wh..wh.plnk/1234.5678"));
        assertInstanceOf(OciWhiteout.AufsMetadata.class, of(".wh..wh.aufs"));
    }

    @Test
    void ordinaryNamesAreNotMarkers() throws Exception {
        assertNull(of("etc/passwd"));
        assertNull(of("a.wh.b"));
        assertNull(of(".wh.dir/file")); // only the last component marks
    }

    @Test
    void markersThatNameNothingOrClimbOutAreRefused() {
        assertEquals("layer entry \"a/.wh...\": whiteout climbs out of its directory",
                assertThrows(LayerRejectedException.class, () -> of("a/.wh...")).getMessage());
        assertEquals("layer entry \"a/.wh.\": whiteout names no entry",
                assertThrows(LayerRejectedException.class, () -> of("a/.wh.")).getMessage());
        assertEquals("layer entry \"a/.wh..\": whiteout names no entry",
                assertThrows(LayerRejectedException.class, () -> of("a/.wh..")).getMessage());
    }
}
