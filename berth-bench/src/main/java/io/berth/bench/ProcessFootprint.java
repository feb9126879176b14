package io.berth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What this JVM holds, from /proc/self: a runtime that serves containers for days must end each
 * one holding what it held before (fds, threads, mounts in its own mount namespace).
 */
record ProcessFootprint(long fds, long threads, long mounts, long rssKiB, long peakRssKiB) {
    static ProcessFootprint now() {
        try {
            // the listing's own fd is open while /proc/self/fd is read
            long fds = entries(Path.of("/proc/self/fd")) - 1;
            // Java's threads: the JIT's come and go with its load
            long threads = Thread.getAllStackTraces().size();
            long mounts;
            try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
                mounts = lines.count();
            }
            String status = Files.readString(Path.of("/proc/self/status"));
            return new ProcessFootprint(fds, threads, mounts, kib(status, "VmRSS:"), kib(status, "VmHWM:"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether this footprint holds more fds or mounts than {@code before}. Not threads: the
     * JDK's process reapers, which time runc, idle for a while before they end.
     */
    boolean grewSince(ProcessFootprint before) {
        return fds > before.fds || mounts > before.mounts;
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    private static long kib(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("/proc/self/status has no " + field);
    }
}
