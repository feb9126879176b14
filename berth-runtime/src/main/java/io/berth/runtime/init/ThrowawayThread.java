package io.berth.runtime.init;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work that changes the calling thread's namespaces, fs context or credentials on a new
 * platform thread that ends with it, waits for it, and hands back its result or its failure.
 */
final class ThrowawayThread {
    private ThrowawayThread() {}

    static <T> T call(String name, String what, Callable<T> work) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                result.set(work.call());
            } catch (Throwable t) {
                result.set(new Failure(t));
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
        if (result.get() instanceof Failure(Throwable t)) {
            if (t instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("cannot finish " + what + ": " + t, t);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result.get();
        return value;
    }

    private record Failure(Throwable cause) {}
}
