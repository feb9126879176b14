package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EffectiveCapabilitiesTest {
    @Test
    void agreesWithTheStatusFileOfTheProcess() throws Exception {
        String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow();
        assertEquals(Long.parseUnsignedLong(line.substring(7).strip(), 16), EffectiveCapabilities.mask());
    }

    @Test
    @RequiresRoot
    void rootHasSysAdmin() {
        assertTrue(EffectiveCapabilities.has(Capability.CAP_SYS_ADMIN));
    }
}
