package io.berth.storage.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ByteSizeTest {
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    @ParameterizedTest
    @CsvSource({
        "4096, 4096",
        "10b, 10",
        "512k, 524288",
        "512K, 524288",
        "100M, 104857600",
        "100m, 104857600",
        "16MiB, 16777216",
        "16mib, 16777216",
        "1G, 1073741824",
        "1GB, 1073741824",
        "'1 GB', 1073741824",
        "1.5GiB, 1610612736",
        "0.5k, 512",
        "1.5, 1",
        "2t, 2199023255552",
        "1p, 1125899906842624",
        "' 8M ', 8388608"})
    void parsesDockerStyleSizesInPowersOf1024(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "-1", "1.2.3", "10x", "M", "1e6", "10 MB extra", "1,5G", "10i", "0x10", "1  G"})
    void refusesGarbageNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
        assertTrue(e.getMessage().startsWith("invalid size \"" + text + "\": expected a number of bytes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("powers of 1024"), e.getMessage());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void refusesNothing(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
        assertTrue(e.getMessage().startsWith("invalid size \"\""), e.getMessage());
    }

    @Test
    void refusesSizesBeyondALong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteSize.parse("99999999P"));
        assertEquals("size \"99999999P\" is too large: the limit is 8 EiB", e.getMessage());
    }

    @Test
    void formatsInBinaryUnits() {
        assertEquals("0 B", ByteSize.format(0));
        assertEquals("1023 B", ByteSize.format(1023));
        assertEquals("1 KiB", ByteSize.format(KIB));
        assertEquals("16 MiB", ByteSize.format(16 * MIB));
        assertEquals("1.5 GiB", ByteSize.format(GIB + GIB / 2));
        assertEquals("4.1 MiB", ByteSize.format(4 * MIB + 100 * KIB));
        assertEquals("8 EiB", ByteSize.format(Long.MAX_VALUE));
    }
}
