package io.berth.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command from this JVM the same way every time and times it, spawn to exit. Its stdout
 * is discarded and stderr goes to a file, not a pipe: a detached container keeps its runtime's
 * stdio open, so a pipe would never reach end-of-file.
 */
final class TimedCommand {
    private static final long TIME_LIMIT_SECONDS = 60;

    private final Path errors;

    TimedCommand(Path workDir) throws IOException {
        this.errors = Files.createTempFile(workDir, "stderr-", ".txt");
    }

    /** Wall nanoseconds from spawning {@code command} to its exit; a non-zero exit is an error. */
    long run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errors.toFile());
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no exit within " + TIME_LIMIT_SECONDS + " s");
            }
            long elapsed = System.nanoTime() - start;
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": exit " + process.exitValue() + ": "
                        + Files.readString(errors, StandardCharsets.UTF_8).strip());
            }
            return elapsed;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
