package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class XattrRulesTest {
    @Test
    void ordinaryNamespacesPass() {
        assertDoesNotThrow(() -> XattrRules.check("f", "security.capability", new byte[] {1, 0, 0, 2}));
        assertDoesNotThrow(() -> XattrRules.check("f", "user.mime_type", "text/plain".getBytes()));
        assertDoesNotThrow(() -> XattrRules.check("d", "trusted.overlay.opaque", "y".getBytes()));
    }

    @Test
    void overlayMetadataIsRefused() {
        LayerRejectedException e = assertThrows(LayerRejectedException.class,
                () -> XattrRules.check("f", "trusted.overlay.redirect", "/etc".getBytes()));
        assertEquals("layer entry \"f\": extended attribute \"trusted.overlay.redirect\" is overlayfs's own"
                + " metadata, which a layer may not set", e.getMessage());
        assertThrows(LayerRejectedException.class, () -> XattrRules.check("d", "trusted.overlay.opaque", "x".getBytes()));
        assertThrows(LayerRejectedException.class, () -> XattrRules.check("d", "user.overlay.metacopy", new byte[0]));
    }

    @Test
    void malformedNamesAreRefused() {
        for (String name : new String[] {"", "noNamespace", ".leadingdot", "user." + "x".repeat(251)}) {
            LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> XattrRules.check("f", name, new byte[0]));
            assertEquals(LayerRejectedException.Reason.MALFORMED, e.reason());
        }
    }
}
