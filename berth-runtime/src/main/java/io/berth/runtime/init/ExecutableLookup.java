package io.berth.runtime.init;

import java.nio.file.Files;
import java.nio.file.Path;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import java.util.List;
import java.util.Optional;

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
        for (String dir : searchPath(env).split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("exec: \"" + name + "\": executable file not found in $PATH");
    }

    /** The container's $PATH (the last PATH= in env wins), or the default. */
    static String searchPath(List<String> env) {
        String path = DEFAULT_PATH;
        for (String e : env) {
            if (e.startsWith("PATH=")) {
                path = e.substring(5);
            }
        }
        return path;
    }

    /** The same search for a name without "/", inside a root that is not ours yet. */
    static Optional<String> findInRoot(RootfsPaths root, String name, List<String> env) {
        for (String dir : searchPath(env).split(":")) {
            String candidate = (dir.isEmpty() ? "." : dir) + "/" + name;
            Optional<Fd> found;
            try {
                found = root.find(candidate);
            } catch (io.berth.linux.SyscallException e) {
                continue; // ENOTDIR, ELOOP, EACCES: not found there, as execvp would go on
            }
            if (found.isEmpty()) {
                continue;
            }
            try (Fd fd = found.get()) {
                if (Files.isRegularFile(Path.of(fd.procPath())) && FileCalls.isExecutable(fd.procPath())) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
