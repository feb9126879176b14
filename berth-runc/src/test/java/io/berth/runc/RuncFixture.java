package io.berth.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.testing.BusyboxRootfs;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives the real bin/berth-runc launcher against a private --root, on busybox bundles, and
 * removes every container and directory it made when closed, even after a failed test.
 */
final class RuncFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path root;
    private final Path rootfs;
    private final List<String> ids = new ArrayList<>();
    /** Extra environment for every berth-runc call (BERTH_INIT_STAGE=always, say). */
    final java.util.Map<String, String> env = new java.util.HashMap<>();

    RuncFixture() throws IOException {
        dir = Files.createTempDirectory("berth-runc-it-");
        root = dir.resolve("state");
        try {
            rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
        } catch (IOException | RuntimeException | Error e) {
            TempDirs.delete(dir); // no close() will come for a fixture that was never made
            throw e;
        }
    }

    static String launcher() {
        return System.getProperty("berth.runc.launcher", Path.of("..", "bin", "berth-runc").toAbsolutePath().toString());
    }

    /** The busybox root filesystem every bundle of this fixture uses. */
    Path rootfs() {
        return rootfs;
    }

    /** A unique container id, deleted (forcibly) when the fixture closes. */
    String id() {
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        ids.add(id);
        return id;
    }

    /** A bundle whose config is `berth-runc spec` with terminal off and the edits applied. */
    Path bundle(Consumer<ObjectNode> edit) throws IOException {
        Path bundle = Files.createTempDirectory(dir, "bundle-");
        Result spec = run("spec", "--bundle", bundle.toString());
        if (spec.code != 0) {
            throw new IllegalStateException("spec failed: " + spec);
        }
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) config.get("root")).put("path", rootfs.toString());
        ((ObjectNode) config.get("root")).put("readonly", false);
        ((ObjectNode) config.get("process")).put("terminal", false);
        edit.accept(config);
        JSON.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(), config);
        return bundle;
    }

    Path bundle(String... args) throws IOException {
        return bundle(c -> args(c, args));
    }

    static void args(ObjectNode config, String... args) {
        ArrayNode array = ((ObjectNode) config.get("process")).putArray("args");
        for (String a : args) {
            array.add(a);
        }
    }

    static ObjectNode process(ObjectNode config) {
        return (ObjectNode) config.get("process");
    }

    static ObjectNode linux(ObjectNode config) {
        return (ObjectNode) config.get("linux");
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs berth-runc with this fixture's --root; stdout and stderr captured, 60 s at most. */
    Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher(), "--root", root.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("berth-runc " + String.join(" ", args) + " did not finish in 60s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode state(String id) throws IOException {
        Result r = run("state", id);
        if (r.code != 0) {
            throw new IllegalStateException("state failed: " + r);
        }
        return JSON.readTree(r.out);
    }

    @Override
    public void close() throws IOException {
        for (String id : ids) {
            run("delete", "--force", id);
        }
        TempDirs.delete(dir);
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
