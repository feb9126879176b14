package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpaceGuardTest {
    @TempDir
    Path dir;

    @Test
    void capCountsRegularFileBytes() throws Exception {
        SpaceGuard guard = new SpaceGuard(dir, new LayerLimits(1024, 0));
        guard.reserveFile("a", 1000);
        guard.reserveInode("d");
        guard.reserveFile("b", 24);
        LayerRejectedException e = assertThrows(LayerRejectedException.class, () -> guard.reserveFile("c", 1));
        assertEquals("layer entry \"c\": the layer unpacks to more than its limit of 1.0 KiB", e.getMessage());
        assertEquals(LayerRejectedException.Reason.TOO_LARGE, e.reason());
        assertEquals(1024, guard.unpackedBytes());
    }

    @Test
    void unlimitedMeansUnlimited() throws Exception {
        SpaceGuard guard = new SpaceGuard(dir, new LayerLimits(LayerLimits.UNLIMITED, 0));
        guard.reserveFile("a", 10);
        assertDoesNotThrow(() -> guard.reserveFile("huge", Long.MAX_VALUE - 10));
    }

    @Test
    void aFilesystemAlreadyBelowTheReserveIsRefusedUpFront() {
        LayerRejectedException e = assertThrows(LayerRejectedException.class,
                () -> new SpaceGuard(dir, new LayerLimits(LayerLimits.UNLIMITED, 0.99999)));
        assertEquals(LayerRejectedException.Reason.INSUFFICIENT_SPACE, e.reason());
        assertEquals(true, e.getMessage().startsWith("layer rejected: unpacking the layer would leave less than"
                + " 99.999% of the filesystem holding " + dir + " free ("), e.getMessage());
    }

    @Test
    void humanSizes() {
        assertEquals("512 bytes", SpaceGuard.human(512));
        assertEquals("1.0 GiB", SpaceGuard.human(1L << 30));
        assertEquals("1.5 MiB", SpaceGuard.human(3L << 19));
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new LayerLimits(-1, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new LayerLimits(1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new LayerLimits(1, Double.NaN));
    }
}
