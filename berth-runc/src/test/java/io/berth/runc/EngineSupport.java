package io.berth.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shared pieces of the tests that make real container engines (containerd, podman) drive
 * bin/berth-runc: running an engine's CLI with a timeout, and unmounting what an engine left
 * under a test's temporary directory.
 */
final class EngineSupport {
    /** The reference runtime, used to check that an engine's setup works before blaming berth-runc. */
    static final String RUNC = "/usr/sbin/runc";

    private EngineSupport() {}

    static String berthRunc() {
        return RuncFixture.launcher();
    }

    /** Runs a command with stdin from /dev/null; stdout and stderr go to files under {@code dir}. */
    static RuncFixture.Result exec(Path dir, Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout
                        + "\n--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err));
            }
            RuncFixture.Result r = new RuncFixture.Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code check} every 100 ms until it is true or {@code timeout} has passed. */
    static boolean await(Duration timeout, java.util.function.BooleanSupplier check) throws InterruptedException {
        String self = Long.toString(ProcessHandle.current().pid());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return check.getAsBoolean();
    }

    /** Unmounts every mount point at or under {@code dir}, deepest first (lazily if busy). */
    static void unmountUnder(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            String point = unescape(fields[4]);
            if (point.equals(prefix) || point.startsWith(prefix + "/")) {
                points.add(point);
            }
        }
        points.sort(Comparator.comparingInt(String::length).reversed());
        for (String point : points) {
            RuncFixture.Result r = exec(Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(30),
                    List.of("umount", point));
            if (r.code() != 0) {
                exec(Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(30), List.of("umount", "-l", point));
            }
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The /proc/PID/cgroup lines of a process, or an empty list if it is gone. */
    static List<String> cgroupsOf(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The cgroup directories named {@code name} directly under each hierarchy that exist now. */
    static List<Path> cgroupParents(String name) throws IOException {
        List<Path> found = new java.util.ArrayList<>();
        Path top = Path.of("/sys/fs/cgroup");
        if (Files.isDirectory(top.resolve(name))) {
            found.add(top.resolve(name));
        }
        try (var hierarchies = Files.list(top)) {
            for (Path h : hierarchies.toList()) {
                if (Files.isDirectory(h.resolve(name))) {
                    found.add(h.resolve(name));
                }
            }
        }
        return found;
    }

    /**
     * Removes the parent cgroups an engine made for its containers (containerd's namespace,
     * podman's libpod_parent) unless they were there before the test; empty ones only.
     */
    static void removeCgroupParents(String name, List<Path> before) throws IOException {
        for (Path dir : cgroupParents(name)) {
            if (!before.contains(dir)) {
                // leaf first: podman leaves an empty "conmon" child under libpod_parent
                List<Path> dirs;
                try (var walk = Files.walk(dir)) {
                    dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
                }
                for (Path d : dirs) {
                    try {
                        Files.delete(d);
                    } catch (IOException e) {
                        // still has processes: something else uses it now, leave it
                    }
                }
            }
        }
    }

    /**
     * Unmounts what an engine left under {@code dir}, then deletes it; retried a few times,
     * since engines unmount asynchronously (podman's cleanup process, containerd's shims) and
     * a mount can appear or vanish while we walk.
     */
    static void removeEngineDir(Path dir) throws IOException, InterruptedException {
        // podman's cleanup process runs on its own after a container exits and can mount the
        // storage again after we unmounted it: wait (never kill) until nothing runs with our dir
        awaitNoProcessMentioning(dir, Duration.ofSeconds(15));
        for (int attempt = 1; ; attempt++) {
            unmountUnder(dir);
            try {
                io.berth.testing.TempDirs.delete(dir);
                return;
            } catch (java.nio.file.FileSystemException e) {
                if (attempt == 10) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Waits until no process's command line contains {@code dir}, or the timeout passes. */
    static void awaitNoProcessMentioning(Path dir, Duration timeout) throws InterruptedException {
        byte[] needle = dir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String self = Long.toString(ProcessHandle.current().pid());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean found = false;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit) && !name.equals(self)
                            && contains(readQuietly(p.resolve("cmdline")), needle)) {
                        found = true;
                        break;
                    }
                }
            } catch (IOException e) {
                return;
            }
            if (!found) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
