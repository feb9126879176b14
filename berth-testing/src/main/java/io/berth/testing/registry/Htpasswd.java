package io.berth.testing.registry;

import io.berth.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an htpasswd file with apache2-utils' {@code htpasswd}; the registry accepts bcrypt entries only. */
final class Htpasswd {
    static final Path PROGRAM = Path.of("/usr/bin/htpasswd");

    private Htpasswd() {}

    static Path write(Path file, RegistryCredentials credentials) throws IOException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new IllegalStateException(PROGRAM + " is missing: install the apache2-utils package");
        }
        String entry = Command.of(PROGRAM.toString(), "-Bbn", credentials.username(), credentials.password())
                .check().stdoutText().strip();
        Files.writeString(file, entry + "\n");
        return file;
    }
}
