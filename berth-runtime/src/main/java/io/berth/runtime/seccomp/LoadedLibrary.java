package io.berth.runtime.seccomp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where a shared library this process has loaded lives, from /proc/self/maps. */
final class LoadedLibrary {
    private LoadedLibrary() {}

    /** The file of the first mapping whose name contains {@code name}, such as "libseccomp.so". */
    static Optional<Path> path(String name) {
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : maps) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.indexOf(name, slash) >= 0) {
                return Optional.of(Path.of(line.substring(slash).strip()));
            }
        }
        return Optional.empty();
    }
}
