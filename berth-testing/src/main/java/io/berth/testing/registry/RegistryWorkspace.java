package io.berth.testing.registry;

import io.berth.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an image test class sets up once: a registry of its own and a scratch directory, which
 * {@link #close} stops and deletes together, the directory even if the registry fails to stop.
 */
public final class RegistryWorkspace implements AutoCloseable {
    private final LocalRegistry registry;
    private final Path work;

    private RegistryWorkspace(LocalRegistry registry, Path work) {
        this.registry = registry;
        this.work = work;
    }

    /** A fresh registry and a temp directory named {@code prefix}-something. */
    public static RegistryWorkspace start(String prefix) throws IOException {
        Path work = Files.createTempDirectory(prefix);
        try {
            return new RegistryWorkspace(LocalRegistry.start(), work);
        } catch (IOException | RuntimeException e) {
            TempDirs.delete(work);
            throw e;
        }
    }

    public LocalRegistry registry() {
        return registry;
    }

    public Path work() {
        return work;
    }

    @Override
    public void close() throws IOException {
        try {
            registry.close();
        } finally {
            TempDirs.delete(work);
        }
    }
}
