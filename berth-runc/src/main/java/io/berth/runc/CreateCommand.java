package io.berth.runc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "create a container")
final class CreateCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Mixin
    CreateFlags flags = new CreateFlags();

    @Override
    public Integer call() throws Exception {
        flags.requireConsoleSocketForTerminal();
        writePidFile(flags.pidFile, global.runtime().create(id, flags.options()).pid());
        return 0;
    }

    /** Written atomically, as runc does, so a watcher never reads a partial pid. */
    static void writePidFile(Path pidFile, int pid) throws java.io.IOException {
        if (pidFile == null) {
            return;
        }
        Path abs = pidFile.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(pid), StandardCharsets.UTF_8);
        Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
