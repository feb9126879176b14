package io.berth.runc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A containerd of the test's own: root, state, socket, log and opt dir all under one temp
 * directory, no CRI plugin. Stopped by its pid, never by name.
 */
final class PrivateContainerd {
    private final Path dir;
    private final Process process;

    private PrivateContainerd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    static PrivateContainerd start(Path dir) throws IOException, InterruptedException {
        Path config = dir.resolve("containerd.toml");
        Files.writeString(config, """
                version = 2
                root = "%s"
                state = "%s"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%s"
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%s"
                """.formatted(dir.resolve("containerd-root"), dir.resolve("containerd-state"),
                dir.resolve("containerd.sock"), dir.resolve("opt")));
        Process process = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile())
                .start();
        PrivateContainerd containerd = new PrivateContainerd(dir, process);
        boolean up = EngineSupport.await(Duration.ofSeconds(30), () -> process.isAlive()
                && Files.exists(containerd.socket()) && containerd.ctr(Duration.ofSeconds(30), "version").code() == 0);
        if (!up) {
            fail("containerd did not come up on " + containerd.socket() + "\n" + Files.readString(containerd.log()));
        }
        return containerd;
    }

    Path socket() {
        return dir.resolve("containerd.sock");
    }

    Path state() {
        return dir.resolve("containerd-state");
    }

    Path log() {
        return dir.resolve("containerd.log");
    }

    boolean alive() {
        return process.isAlive();
    }

    RuncFixture.Result ctr(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", socket().toString()));
        command.addAll(List.of(args));
        return EngineSupport.exec(dir, timeout, command);
    }

    /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** Appends the tail of containerd's log and the runtime's log.json files of {@code namespace}. */
    void appendDiagnostics(StringBuilder b, String namespace, int lines) throws IOException {
        b.append("--- containerd log (tail)\n");
        if (Files.exists(log())) {
            List<String> all = Files.readAllLines(log());
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> b.append(l).append('\n'));
        }
        Path tasks = state().resolve("io.containerd.runtime.v2.task").resolve(namespace);
        if (Files.isDirectory(tasks)) {
            try (var stream = Files.walk(tasks, 2)) {
                for (Path p : stream.filter(p -> p.getFileName().toString().equals("log.json")).toList()) {
                    b.append("--- ").append(p).append('\n').append(Files.readString(p));
                }
            }
        }
    }
}
