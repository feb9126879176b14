package io.berth.runtime.init;

import java.util.concurrent.locks.LockSupport;

/**
 * The pause between polls for a child process to reach some state. It starts short and doubles
 * up to a cap: polling every few microseconds for milliseconds on end takes a CPU from the very
 * threads being waited for (the spawner's set-up, the JIT), and small machines have two.
 */
final class PollBackoff {
    private static final long FIRST_NANOS = 20_000;
    private static final long MAX_NANOS = 250_000;

    private long next = FIRST_NANOS;

    void pause() {
        LockSupport.parkNanos(next);
        next = Math.min(next * 2, MAX_NANOS);
    }
}
