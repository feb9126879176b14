package io.berth.runtime.cgroups;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Fixture cgroup directories (plain files standing in for control files) and test resources. */
final class Fixture {
    private Fixture() {}

    static CgroupFiles dir(Path root, Map<String, String> files) {
        try {
            Files.createDirectories(root);
            for (Map.Entry<String, String> e : files.entrySet()) {
                Files.writeString(root.resolve(e.getKey()), e.getValue());
            }
            return new CgroupFiles(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream("/cgroups/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource cgroups/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
