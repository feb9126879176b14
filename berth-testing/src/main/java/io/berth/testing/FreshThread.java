package io.berth.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task on a new platform thread that dies afterwards: seccomp filters, no_new_privs and namespaces
 * stick to a thread for good, so they must never land on a pooled or test-runner thread.
 */
public final class FreshThread {
    private FreshThread() {}

    public static <T> T call(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("throwaway").unstarted(() -> {
            try {
                result.set(task.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        return result.get();
    }
}
