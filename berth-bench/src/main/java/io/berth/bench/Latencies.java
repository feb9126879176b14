package io.berth.bench;

import java.util.Arrays;

/**
 * The timings of one operation, in nanoseconds. Median by the usual definition and p90 by
 * nearest rank, as bench/runc-benchmark.sh reports them, so the two scripts' tables agree.
 */
public final class Latencies {
    private final long[] sortedNanos;

    private Latencies(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    public static Latencies of(long... nanos) {
        return new Latencies(nanos);
    }

    public int count() {
        return sortedNanos.length;
    }

    public double medianMillis() {
        int n = sortedNanos.length;
        double nanos = n % 2 == 1 ? sortedNanos[n / 2] : (sortedNanos[n / 2 - 1] + sortedNanos[n / 2]) / 2.0;
        return nanos / 1e6;
    }

    public double p90Millis() {
        int rank = (int) Math.ceil(0.9 * sortedNanos.length);
        return sortedNanos[rank - 1] / 1e6;
    }

    /** This median over {@code peer}'s: below 1 means faster than the peer. */
    public double ratioTo(Latencies peer) {
        return medianMillis() / peer.medianMillis();
    }
}
