package io.berth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void medianOfAnOddCountIsTheMiddleSample() {
        assertEquals(2.0, Latencies.of(3_000_000, 1_000_000, 2_000_000).medianMillis());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Latencies.of(4_000_000, 1_000_000, 3_000_000, 2_000_000).medianMillis());
    }

    @Test
    void p90IsByNearestRank() {
        long[] tenths = new long[20];
        for (int i = 0; i < tenths.length; i++) {
            tenths[i] = (i + 1) * 1_000_000L;
        }
        assertEquals(18.0, Latencies.of(tenths).p90Millis(), "rank ceil(0.9 * 20) = 18");
        assertEquals(5.0, Latencies.of(5_000_000).p90Millis());
    }

    @Test
    void ratioComparesMedians() {
        assertEquals(0.5, Latencies.of(1_000_000).ratioTo(Latencies.of(2_000_000)));
    }

    @Test
    void theSamplesAreCopiedNotSortedInPlace() {
        long[] samples = {3, 1, 2};
        Latencies.of(samples);
        assertEquals(3, samples[0]);
    }

    @Test
    void noSamplesIsAnError() {
        assertThrows(IllegalArgumentException.class, Latencies::of);
    }
}
