package io.berth.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaxLayerSizeTest {
    @Test
    void theOptionIsParsedAsDockerSizesAndRemembered() {
        MaxLayerSize cap = MaxLayerSize.resolve("16M");
        assertEquals(16L << 20, cap.bytes());
        assertEquals(Optional.of("--max-layer-size 16M"), cap.setBy());
    }

    @Test
    void aBadValueNamesTheOptionAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaxLayerSize.resolve("lots"));
        assertEquals("invalid --max-layer-size \"lots\"", e.getMessage().substring(0, e.getMessage().indexOf(':')));
    }

    @Test
    void otherFailuresPassThroughUnchanged() {
        IOException unrelated = new IOException("connection reset");
        assertSame(unrelated, MaxLayerSize.resolve("1G").explain(unrelated));
        assertSame(unrelated, new MaxLayerSize(Long.MAX_VALUE, Optional.empty()).explain(unrelated));
    }
}
