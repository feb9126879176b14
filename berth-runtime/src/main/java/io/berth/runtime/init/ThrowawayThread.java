package io.berth.runtime.init;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work that changes the calling thread's namespaces, fs context or credentials on a new
 * platform thread that ends with it, and hands back its result or its failure: at once
 * ({@link #call}) or when the caller is ready for it ({@link #start}).
 */
final class ThrowawayThread<T> {
    private final Thread thread;
    private final String what;
    private final AtomicReference<Object> result = new AtomicReference<>();

    private ThrowawayThread(String name, String what, Callable<T> work) {
        this.what = what;
        this.thread = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                result.set(work.call());
            } catch (RuntimeException e) {
                result.set(new Failure(e));
            } catch (Throwable t) {
                result.set(new Failure(new IllegalStateException("cannot finish " + what + ": " + t, t)));
            }
        });
    }

    static <T> T call(String name, String what, Callable<T> work) {
        return start(name, what, work).join();
    }

    /** Starts {@code work}; {@link #join} (from any thread, any number of times) waits for it. */
    static <T> ThrowawayThread<T> start(String name, String what, Callable<T> work) {
        ThrowawayThread<T> started = new ThrowawayThread<>(name, what, work);
        started.thread.start();
        return started;
    }

    /** The work's result, or its failure rethrown (the same exception on every call). */
    T join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
        if (result.get() instanceof Failure(RuntimeException e)) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result.get();
        return value;
    }

    private record Failure(RuntimeException cause) {}
}
