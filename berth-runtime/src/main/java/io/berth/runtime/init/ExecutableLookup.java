package io.berth.runtime.init;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds args[0] the way execvp would, with the container's PATH, after pivot_root. */
final class ExecutableLookup {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ExecutableLookup() {}

    static String find(String name, List<String> env) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            if (!Files.exists(p)) {
                throw new IllegalStateException("exec: \"" + name + "\": stat " + name + ": no such file or directory");
            }
            if (Files.isDirectory(p) || !Files.isExecutable(p)) {
                throw new IllegalStateException("exec: \"" + name + "\": permission denied");
            }
            return name;
        }
        String path = env.stream().filter(e -> e.startsWith("PATH=")).map(e -> e.substring(5))
                .reduce((a, b) -> b).orElse(DEFAULT_PATH);
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("exec: \"" + name + "\": executable file not found in $PATH");
    }
}
