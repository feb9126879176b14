package io.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanUnitsTest {
    @Test
    void sizesAreDecimalWithThreeSignificantDigitsAsDockerPrintsThem() {
        assertEquals("0B", HumanUnits.size(0));
        assertEquals("999B", HumanUnits.size(999));
        assertEquals("4.26MB", HumanUnits.size(4_261_251));
        assertEquals("1.5kB", HumanUnits.size(1500));
        assertEquals("128MB", HumanUnits.size(128_000_000));
        assertEquals("1GB", HumanUnits.size(1_000_000_000));
    }

    @Test
    void agesFollowDockersBuckets() {
        assertEquals("Less than a second", HumanUnits.duration(Duration.ofMillis(300)));
        assertEquals("45 seconds", HumanUnits.duration(Duration.ofSeconds(45)));
        assertEquals("About a minute", HumanUnits.duration(Duration.ofSeconds(90)));
        assertEquals("About an hour", HumanUnits.duration(Duration.ofMinutes(70)));
        assertEquals("5 hours", HumanUnits.duration(Duration.ofHours(5)));
        assertEquals("3 days", HumanUnits.duration(Duration.ofDays(3)));
        assertEquals("3 weeks", HumanUnits.duration(Duration.ofDays(22)));
        assertEquals("4 months", HumanUnits.duration(Duration.ofDays(125)));
        assertEquals("2 years", HumanUnits.duration(Duration.ofDays(800)));
    }
}
