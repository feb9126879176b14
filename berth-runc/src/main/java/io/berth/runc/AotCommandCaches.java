package io.berth.runc;

import io.berth.runtime.init.InitLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Build step: one AOT cache per command engines call on every container (run, create, start,
 * state, kill, exec, delete), each trained on that command alone; bin/berth-runc starts a
 * command with its own cache when there is one, and with the full cache otherwise.
 *
 * <p>Why: a JDK 25 AOT cache loads and links every class it holds as the JVM starts. The full
 * cache (every command, the init and exec stages: ~3100 classes) made `list` 27 ms and `run`
 * ~20 ms slower here than caches trained on those commands alone. The containers a command
 * needs (a created one for start, a running one for exec) are made by JVMs that do not record,
 * so the classes that made them stay out of the command's cache.
 *
 * <p>Best effort, like the full training: without root or busybox-static no container can be
 * run, no command cache is made, and bin/berth-runc uses the full cache for every command.
 */
final class AotCommandCaches {
    /** The commands that get a cache; bin/berth-runc names the same list. */
    static final List<String> COMMANDS = List.of("run", "create", "start", "state", "kill", "exec", "delete");
    private static final long TIMEOUT_SECONDS = 120;

    /** What one command's training runs: before, recorded, after. Each entry is one command line. */
    private record Training(List<List<String>> setup, List<List<String>> recorded, List<List<String>> cleanup) {}

    private final Path java;
    private final Path jar;
    private final Path work;
    private final Path log;

    private AotCommandCaches(Path java, Path jar, Path work) {
        this.java = java;
        this.jar = jar;
        this.work = work;
        this.log = work.resolve("commands.log");
    }

    /** Arguments: the java launcher, berth-runc.jar, the directory for the caches, a work directory. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path out = Path.of(args[2]);
        for (String command : COMMANDS) { // an older build's cache must not outlive its jar
            Files.deleteIfExists(cacheFile(out, command));
        }
        if (!AotTraining.canRunContainers()) {
            System.out.println("berth-runc: no per-command AOT caches (needs root and " + AotTraining.BUSYBOX + ")");
            return;
        }
        Path work = Path.of(args[3]);
        AotTraining.deleteTree(work);
        Files.createDirectories(work);
        new AotCommandCaches(Path.of(args[0]), Path.of(args[1]), work).makeAll(out);
    }

    static Path cacheFile(Path dir, String command) {
        return dir.resolve("berth-runc-" + command + ".aot");
    }

    private void makeAll(Path out) throws IOException, InterruptedException {
        Path rootfs = AotTraining.busyboxRootfs(work.resolve("rootfs"));
        Path exits = Files.createDirectories(work.resolve("true"));
        AotTraining.writeConfig(exits, rootfs, "true");
        Path confined = Files.createDirectories(work.resolve("true-confined"));
        AotTraining.writeConfig(confined, rootfs, "true");
        AotTraining.confine(confined);
        Path sleeps = Files.createDirectories(work.resolve("sleep"));
        AotTraining.writeConfig(sleeps, rootfs, "sleep", "60");
        AotTraining.confine(sleeps); // exec reads the program create kept
        Path process = work.resolve("process.json");
        Files.writeString(process, "{\"cwd\": \"/\", \"args\": [\"/bin/busybox\", \"true\"], \"env\": [\"PATH=/bin\"]}");
        for (String command : COMMANDS) {
            Commands c = new Commands(work.resolve("state-" + command), "aot-" + command + "-" + ProcessHandle.current().pid());
            Training t = training(command, c, exits.toString(), confined.toString(), sleeps.toString(),
                    process.toString());
            Path cache = cacheFile(out, command);
            try {
                for (List<String> line : t.setup()) {
                    runQuietly(berthRunc(List.of(), line));
                    if (line.contains("start")) {
                        awaitStopped(c, line.getLast());
                    }
                }
                List<String> replay = new ArrayList<>(List.of("__aot-replay"));
                t.recorded().forEach(line -> replay.add(String.join("\n", line)));
                int status = runQuietly(berthRunc(List.of("-XX:AOTCacheOutput=" + cache), replay));
                System.out.println("berth-runc: AOT cache for " + command + (Files.exists(cache)
                        ? ": " + cache : ": not made (exit status " + status + ", see " + log + ")"));
            } finally {
                for (List<String> line : t.cleanup()) {
                    runQuietly(berthRunc(List.of(), line));
                }
            }
        }
    }

    /**
     * Each command twice where it can be: once as containerd calls it (a JSON log, a pid file,
     * a seccomp profile like Kubernetes' RuntimeDefault) and once plainly, as podman and people do.
     */
    private static Training training(String command, Commands c, String exits, String confined, String sleeps,
                                     String process) {
        return switch (command) {
            // a profile newer than the host's libseccomp names syscalls it skips (debug messages)
            case "run" -> new Training(List.of(),
                    List.of(c.json("run", "--bundle", confined, c.id(1)), c.plain("run", "--bundle", exits, c.id(2)),
                            c.plain("run", "--bundle", confined, c.id(3))),
                    List.of());
            case "create" -> new Training(List.of(),
                    List.of(c.json("create", "--bundle", confined, "--pid-file", c.pidFile(1), c.id(1)),
                            c.plain("create", "--bundle", exits, c.id(2)), c.plain("create", "--bundle", confined, c.id(3))),
                    c.deleteForce(1, 2, 3));
            case "start" -> new Training(
                    List.of(c.plain("create", "--bundle", exits, c.id(1)), c.plain("create", "--bundle", exits, c.id(2))),
                    List.of(c.json("start", c.id(1)), c.plain("start", c.id(2))),
                    c.deleteForce(1, 2));
            case "state" -> new Training(
                    List.of(c.plain("run", "--detach", "--bundle", sleeps, c.id(1)),
                            c.plain("create", "--bundle", exits, c.id(2))),
                    List.of(c.json("state", c.id(1)), c.plain("state", c.id(2))),
                    c.deleteForce(1, 2));
            case "kill" -> new Training(
                    List.of(c.plain("run", "--detach", "--bundle", sleeps, c.id(1)),
                            c.plain("run", "--detach", "--bundle", sleeps, c.id(2))),
                    List.of(c.json("kill", c.id(1), "KILL"), c.plain("kill", c.id(2), "KILL")),
                    c.deleteForce(1, 2));
            case "exec" -> new Training(
                    List.of(c.plain("run", "--detach", "--bundle", sleeps, c.id(1))),
                    List.of(c.json("exec", "--process", process, "--detach", "--pid-file", c.pidFile(1), c.id(1)),
                            c.plain("exec", c.id(1), "busybox", "true")),
                    c.deleteForce(1));
            case "delete" -> new Training(
                    // a container whose process has ended, and a running one
                    List.of(c.plain("create", "--bundle", exits, c.id(1)), c.plain("start", c.id(1)),
                            c.plain("run", "--detach", "--bundle", sleeps, c.id(2))),
                    List.of(c.json("delete", c.id(1)), c.plain("delete", "--force", c.id(2))),
                    c.deleteForce(1, 2));
            default -> throw new IllegalArgumentException("no training for " + command);
        };
    }

    /** Command lines against one state root, for containers named {@code prefix-N}. */
    private record Commands(Path root, String prefix) {
        String id(int n) {
            return prefix + "-" + n;
        }

        String pidFile(int n) {
            return root.resolveSibling(id(n) + ".pid").toString();
        }

        List<String> plain(String... args) {
            List<String> line = new ArrayList<>(List.of("--root", root.toString()));
            line.addAll(List.of(args));
            return line;
        }

        List<String> json(String... args) {
            List<String> line = new ArrayList<>(List.of("--root", root.toString(), "--log",
                    root.resolveSibling(prefix + "-log.json").toString(), "--log-format", "json"));
            line.addAll(List.of(args));
            return line;
        }

        List<List<String>> deleteForce(int... ns) {
            List<List<String>> lines = new ArrayList<>();
            for (int n : ns) {
                lines.add(plain("delete", "--force", id(n)));
            }
            return lines;
        }
    }

    private List<String> berthRunc(List<String> jvmOptions, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(java.toString()));
        argv.addAll(InitLauncher.JVM_OPTIONS);
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", jar.toString(), Main.class.getName()));
        argv.addAll(args);
        return argv;
    }

    /** A created container keeps the stdio it was given: a file, so nothing waits for it to close. */
    private int runQuietly(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("timed out: " + String.join(" ", argv));
        }
        return p.exitValue();
    }

    /** After `start` of `true`: its process ends at once, but delete without --force needs it gone. */
    private void awaitStopped(Commands c, String id) throws IOException, InterruptedException {
        Path state = work.resolve(id + ".state");
        for (int i = 0; i < 50; i++) {
            List<String> argv = berthRunc(List.of(), c.plain("state", id));
            Process p = new ProcessBuilder(argv).redirectOutput(state.toFile()).redirectErrorStream(true).start();
            p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (Files.readString(state).contains("\"stopped\"")) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
