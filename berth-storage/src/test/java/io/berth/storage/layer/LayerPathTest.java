package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayerPathTest {
    @Test
    void normalisesDotsSlashesAndTrailingSlash() throws Exception {
        assertEquals(new LayerPath("usr/bin/env", "usr/bin", "env"), LayerPath.ofEntry("./usr//bin/./env"));
        assertEquals(new LayerPath("etc", "", "etc"), LayerPath.ofEntry("etc/"));
        assertEquals(new LayerPath("b", "", "b"), LayerPath.ofEntry("a/../b"));
    }

    @Test
    void absoluteNamesAreConfinedToTheRoot() throws Exception {
        assertEquals(new LayerPath("etc/passwd", "etc", "passwd"), LayerPath.ofEntry("/etc/passwd"));
        assertEquals("etc", LayerPath.ofEntry("///etc").path());
    }

    @Test
    void theRootIsTheEmptyPath() throws Exception {
        assertTrue(LayerPath.ofEntry("./").isRoot());
        assertTrue(LayerPath.ofEntry("/").isRoot());
        assertTrue(LayerPath.ofEntry("a/..").isRoot());
        assertEquals(".", LayerPath.ROOT.name());
    }

    @Test
    void climbingOutIsRefusedNamingTheEntry() {
        for (String name : new String[] {"../etc/passwd", "a/../../x", "./..", "/../x", "a/b/../../../x"}) {
            LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> LayerPath.ofEntry(name));
            assertEquals("layer entry \"" + name + "\": path climbs out of the layer root", e.getMessage());
            assertEquals(LayerRejectedException.Reason.UNSAFE_PATH, e.reason());
            assertEquals(name, e.entry().orElseThrow());
        }
    }

    @Test
    void hardlinkTargetsThatClimbOutAreRefusedNamingBoth() {
        LayerRejectedException e = assertThrows(LayerRejectedException.class,
                () -> LayerPath.ofLinkTarget("bin/x", "../../etc/shadow"));
        assertEquals("layer entry \"bin/x\": hardlink target \"../../etc/shadow\" climbs out of the layer root",
                e.getMessage());
    }

    @Test
    void withinComparesWholeComponents() {
        assertTrue(LayerPath.of("a/b/c").isWithin(LayerPath.of("a/b")));
        assertTrue(LayerPath.of("a/b").isWithin(LayerPath.of("a/b")));
        assertFalse(LayerPath.of("a/bc").isWithin(LayerPath.of("a/b")));
        assertTrue(LayerPath.of("x").isWithin(LayerPath.ROOT));
    }

    @Test
    void childAndParent() {
        assertEquals(LayerPath.of("a/b"), LayerPath.ROOT.child("a").child("b"));
        assertEquals(LayerPath.of("a"), LayerPath.of("a/b").parentPath());
        assertEquals(LayerPath.ROOT, LayerPath.of("a").parentPath());
    }
}
