package io.berth.runtime.hooks;

import io.berth.linux.ExitStatus;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.ProcessSpawner;
import io.berth.linux.Processes;
import io.berth.linux.Signal;
import io.berth.linux.SpawnRequest;
import io.berth.runtime.spec.Hook;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Runs OCI hooks: the container state JSON on stdin, the hook's own argv and env, killed when
 * its timeout passes. A failure names the hook and carries what it printed.
 */
public final class HookRunner {
    private HookRunner() {}

    public static void runAll(String phase, List<Hook> hooks, String stateJson) {
        for (int i = 0; i < hooks.size(); i++) {
            run(phase + " hook #" + i, hooks.get(i), stateJson);
        }
    }

    /** Runs poststart/poststop hooks, whose failures are only warnings (returned, not thrown). */
    public static List<String> runAllWarning(String phase, List<Hook> hooks, String stateJson) {
        List<String> warnings = new java.util.ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            try {
                run(phase + " hook #" + i, hooks.get(i), stateJson);
            } catch (HookFailedException e) {
                warnings.add(e.getMessage());
            }
        }
        return warnings;
    }

    static void run(String name, Hook hook, String stateJson) {
        Fd[] stdin = FileCalls.pipe(FileCalls.O_CLOEXEC);
        Fd[] output = FileCalls.pipe(FileCalls.O_CLOEXEC);
        int pid;
        try {
            List<String> argv = hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
            pid = ProcessSpawner.spawn(new SpawnRequest(hook.path(), argv, hook.env(),
                    List.of(new int[] {stdin[0].number(), 0}, new int[] {output[1].number(), 1},
                            new int[] {output[1].number(), 2}), 3, false));
        } catch (RuntimeException e) {
            closeAll(stdin);
            closeAll(output);
            throw new HookFailedException(name + " (" + hook.path() + "): " + e.getMessage());
        }
        stdin[0].close();
        output[1].close();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon().start(() -> drain(output[0], printed));
        try {
            FileCalls.writeAll(stdin[1], stateJson.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException ignored) {
            // a hook may exit without reading its stdin
        }
        stdin[1].close();
        ExitStatus status = waitWithTimeout(pid, hook.timeout());
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output[0].close();
        if (status == null) {
            throw new HookFailedException(name + " (" + hook.path() + ") timed out after " + hook.timeout() + "s");
        }
        if (status.shellCode() != 0) {
            String out = printed.toString(StandardCharsets.UTF_8).strip();
            throw new HookFailedException(name + " (" + hook.path() + ") failed with "
                    + (status.signal() != 0 ? "signal " + status.signal() : "exit status " + status.code())
                    + (out.isEmpty() ? "" : ": " + out));
        }
    }

    /** Null if the timeout passed (the hook is then killed and reaped). */
    private static ExitStatus waitWithTimeout(int pid, Integer timeoutSeconds) {
        if (timeoutSeconds == null) {
            return Processes.waitFor(pid);
        }
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long sleepMs = 1;
        while (System.nanoTime() < deadline) {
            Optional<ExitStatus> done = Processes.poll(pid);
            if (done.isPresent()) {
                return done.get();
            }
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleepMs = Math.min(50, sleepMs * 2);
        }
        Processes.kill(pid, Signal.SIGKILL.number());
        Processes.waitFor(pid);
        return null;
    }

    private static void drain(Fd fd, ByteArrayOutputStream into) {
        try {
            while (true) {
                byte[] chunk = FileCalls.read(fd, 4096);
                if (chunk.length == 0) {
                    return;
                }
                if (into.size() < 65536) {
                    into.write(chunk, 0, chunk.length);
                }
            }
        } catch (RuntimeException e) {
            // fd closed while reading: the hook's output is complete enough for a message
        }
    }

    private static void closeAll(Fd[] fds) {
        for (Fd fd : fds) {
            fd.close();
        }
    }
}
