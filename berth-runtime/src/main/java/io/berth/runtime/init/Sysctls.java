package io.berth.runtime.init;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** linux.sysctl: each key written under /proc/sys; the kernel applies it to the writer's namespaces. */
final class Sysctls {
    private Sysctls() {}

    static void write(Map<String, String> sysctl) {
        sysctl.forEach((key, value) -> {
            Path file = Path.of("/proc/sys", key.replace('.', '/'));
            try {
                Files.writeString(file, value);
            } catch (IOException e) {
                throw new UncheckedIOException("sysctl " + key + "=" + value + ": cannot write " + file, e);
            }
        });
    }
}
