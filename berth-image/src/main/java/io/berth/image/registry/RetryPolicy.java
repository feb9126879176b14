package io.berth.image.registry;

import java.io.IOException;
import java.time.Duration;

/** How often and how patiently registry calls are retried: exponential backoff on retryable errors. */
public record RetryPolicy(int attempts, Duration firstDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(250));

    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException;
    }

    public <T> T run(String what, Call<T> call) throws IOException {
        long delay = firstDelay.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (RegistryException e) {
                if (!e.retryable() || attempt >= attempts) {
                    throw e;
                }
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(what + ": interrupted", e);
            }
            delay = Math.min(delay * 2, 10_000);
        }
    }
}
