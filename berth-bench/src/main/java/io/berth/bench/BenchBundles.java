package io.berth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two bundles the benchmark runs, derived from the one it is given: its config with the
 * process's args replaced (`true`; `sleep 600` for the containers exec enters), no terminal,
 * the root path made absolute so the copies share the rootfs, no cgroupsPath, so that each
 * container gets a cgroup of its own id, and, if one is given, another seccomp profile.
 */
record BenchBundles(Path runsTrue, Path runsSleep) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code seccompProfile}: a file whose JSON becomes linux.seccomp of both bundles, or null to keep the config's. */
    static BenchBundles derive(Path bundle, Path work, Path seccompProfile) throws IOException {
        Path config = bundle.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("--bundle " + bundle + " has no config.json");
        }
        JsonNode tree = JSON.readTree(config.toFile());
        if (!(tree instanceof ObjectNode original) || !(original.get("process") instanceof ObjectNode)
                || !(original.get("root") instanceof ObjectNode)) {
            throw new IllegalArgumentException(config + " is not an OCI config with a process and a root");
        }
        Path rootfs = bundle.toAbsolutePath().resolve(original.get("root").path("path").asText(""));
        if (!Files.isDirectory(rootfs)) {
            throw new IllegalArgumentException(config + ": root.path " + rootfs + " is not a directory");
        }
        if (seccompProfile != null) {
            JsonNode profile;
            try {
                profile = JSON.readTree(seccompProfile.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("--seccomp-profile " + seccompProfile + ": " + e.getMessage(), e);
            }
            if (!(profile instanceof ObjectNode) || !profile.has("defaultAction")) {
                throw new IllegalArgumentException("--seccomp-profile " + seccompProfile
                        + " is not an OCI linux.seccomp object (no defaultAction)");
            }
            if (!(original.get("linux") instanceof ObjectNode)) {
                original.putObject("linux");
            }
            ((ObjectNode) original.get("linux")).set("seccomp", profile);
        }
        return new BenchBundles(write(original, rootfs, work.resolve("bundle-true"), "true"),
                write(original, rootfs, work.resolve("bundle-sleep"), "sleep", "600"));
    }

    private static Path write(ObjectNode original, Path rootfs, Path dir, String... args) throws IOException {
        ObjectNode config = original.deepCopy();
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        var argv = process.putArray("args");
        for (String arg : args) {
            argv.add(arg);
        }
        ((ObjectNode) config.get("root")).put("path", rootfs.toString());
        if (config.get("linux") instanceof ObjectNode linux) {
            linux.remove("cgroupsPath");
        }
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
        return dir;
    }
}
