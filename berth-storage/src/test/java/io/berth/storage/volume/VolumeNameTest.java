package io.berth.storage.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"ab", "my_vol.1-2", "0a", "Data", "a..b", "a-"})
    void acceptsWhatDockerAccepts(String name) {
        assertEquals(name, new VolumeName(name).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "", "-ab", "_ab", ".ab", "..", "a/b", "/abs", "a b", "vol\u00e9", "a:b", "a\nb"})
    void refusesOthersNamingTheNameAndTheRule(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VolumeName(name));
        assertEquals("\"" + name + "\" includes invalid characters for a local volume name, only"
                + " \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed (at least two characters)", e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(IllegalArgumentException.class, () -> new VolumeName(null));
    }

    @Test
    void refusesNamesLongerThanAFileName() {
        new VolumeName("a".repeat(255));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VolumeName("a".repeat(256)));
        assertEquals("volume name is 256 characters long; the limit is 255", e.getMessage());
    }

    @Test
    void randomNamesAre64HexDigitsAndDiffer() {
        String name = VolumeName.random().value();
        assertTrue(name.matches("[0-9a-f]{64}"), name);
        assertNotEquals(name, VolumeName.random().value());
    }
}
