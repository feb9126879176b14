package io.berth.storage.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VolumeOptionsTest {
    private static final VolumeName NAME = new VolumeName("data");

    @Test
    void noSizeMeansAPlainDirectory() {
        VolumeOptions o = VolumeOptions.requested(NAME, Optional.empty(), Map.of());
        assertEquals(OptionalLong.empty(), o.sizeBytes());
        assertEquals(Map.of(), o.values());
    }

    @Test
    void sizeComesAsArgumentOrOptionAndIsKeptAsGiven() {
        VolumeOptions byArgument = VolumeOptions.requested(NAME, Optional.of("16M"), Map.of());
        VolumeOptions byOption = VolumeOptions.requested(NAME, Optional.empty(), Map.of("size", "16M"));
        VolumeOptions both = VolumeOptions.requested(NAME, Optional.of("16M"), Map.of("size", "16M"));
        assertEquals(Map.of("size", "16M"), byArgument.values());
        assertEquals(OptionalLong.of(16L << 20), byOption.sizeBytes());
        assertEquals(byArgument, both);
    }

    @Test
    void sizesAreRoundedUpToWholePages() {
        assertEquals(OptionalLong.of((4L << 20) + 4096),
                VolumeOptions.requested(NAME, Optional.of(String.valueOf((4L << 20) + 1)), Map.of()).sizeBytes());
    }

    @Test
    void equalSizesWrittenDifferentlyAreTheSameOptions() {
        VolumeOptions mebi = VolumeOptions.requested(NAME, Optional.of("16M"), Map.of());
        assertTrue(mebi.sameAs(VolumeOptions.requested(NAME, Optional.of("16MiB"), Map.of())));
        assertFalse(mebi.sameAs(VolumeOptions.requested(NAME, Optional.of("32M"), Map.of())));
        assertFalse(mebi.sameAs(VolumeOptions.requested(NAME, Optional.empty(), Map.of())));
    }

    @Test
    void unknownOptionsAreRefusedByName() {
        VolumeException e = assertThrows(VolumeException.class,
                () -> VolumeOptions.requested(NAME, Optional.empty(), Map.of("type", "tmpfs")));
        assertEquals(VolumeException.Reason.INVALID, e.reason());
        assertEquals("invalid option \"type\" for volume data: the local driver takes only \"size\"", e.getMessage());
    }

    @Test
    void twoDifferentSizesAreRefused() {
        VolumeException e = assertThrows(VolumeException.class,
                () -> VolumeOptions.requested(NAME, Optional.of("16M"), Map.of("size", "32M")));
        assertEquals(VolumeException.Reason.INVALID, e.reason());
        assertEquals("volume data was given two sizes: 16M and option size=32M", e.getMessage());
    }

    @Test
    void tooSmallSaysTheMinimum() {
        VolumeException e = assertThrows(VolumeException.class,
                () -> VolumeOptions.requested(NAME, Optional.of("3M"), Map.of()));
        assertEquals(VolumeException.Reason.INVALID, e.reason());
        assertEquals("volume data: size 3 MiB (3145728 bytes) is below the minimum of 4 MiB: ext4 needs room for"
                + " its journal and metadata", e.getMessage());
    }

    @Test
    void garbageSizeNamesTheSize() {
        VolumeException e = assertThrows(VolumeException.class,
                () -> VolumeOptions.requested(NAME, Optional.of("huge"), Map.of()));
        assertTrue(e.getMessage().startsWith("volume data: invalid size \"huge\""), e.getMessage());
    }
}
