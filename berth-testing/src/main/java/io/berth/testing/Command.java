package io.berth.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An external program run by a test fixture (skopeo, htpasswd, umoci, ...): argv, a time limit,
 * variables added to the inherited environment, and output captured whole. A failure message names the command, its exit status and its stderr,
 * because that is what explains a broken fixture.
 */
public record Command(List<String> argv, Duration timeout, Map<String, String> env) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Command {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
    }

    public Command(List<String> argv, Duration timeout) {
        this(argv, timeout, Map.of());
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), DEFAULT_TIMEOUT);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, DEFAULT_TIMEOUT);
    }

    public Command withTimeout(Duration limit) {
        return new Command(argv, limit, env);
    }

    /** This command with {@code variables} set in its environment, on top of this JVM's and earlier ones. */
    public Command withEnv(Map<String, String> variables) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(variables);
        return new Command(argv, timeout, merged);
    }

    /** What the program left behind: its exit status and both output streams. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Runs the program; a non-zero exit is returned, not thrown. A time-out kills it by its PID. */
    public Result run() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        // Both pipes are drained at once so a chatty stderr cannot block a large stdout.
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new IOException(this + " took longer than " + timeout + " and was killed; stderr: "
                        + new String(stderr.get(), StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), stdout.get(), new String(stderr.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(this + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("reading the output of " + this + " failed", e.getCause());
        }
    }

    /** Runs the program and throws unless it exits 0. */
    public Result check() throws IOException {
        Result result = run();
        if (result.exitCode() != 0) {
            throw new IOException(this + " exited with " + result.exitCode() + ": " + result.stderr().strip()
                    + (result.stdout().length > 0 ? "; stdout: " + result.stdoutText().strip() : ""));
        }
        return result;
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                bytes.complete(stream.readAllBytes());
            } catch (IOException e) {
                bytes.completeExceptionally(e);
            }
        });
        return bytes;
    }

    @Override
    public String toString() {
        return "`" + String.join(" ", argv) + "`";
    }
}
