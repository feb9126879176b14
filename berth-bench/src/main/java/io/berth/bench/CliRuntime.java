package io.berth.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A runc-compatible command line (runc itself, or bin/berth-runc), one process per call, on its own --root. */
final class CliRuntime {
    private final String binary;
    private final Path root;
    private final TimedCommand commands;

    CliRuntime(String binary, Path root, TimedCommand commands) {
        this.binary = binary;
        this.root = root;
        this.commands = commands;
    }

    /** create, start, wait and delete: `run`. */
    long run(Path bundle, String id) {
        return call("run", "--bundle", bundle.toString(), id);
    }

    long runDetached(Path bundle, String id) {
        return call("run", "--detach", "--bundle", bundle.toString(), id);
    }

    long exec(String id, String... args) {
        List<String> argv = new ArrayList<>(List.of("exec", id));
        argv.addAll(List.of(args));
        return call(argv.toArray(String[]::new));
    }

    long deleteForce(String id) {
        return call("delete", "--force", id);
    }

    private long call(String... args) {
        List<String> command = new ArrayList<>(List.of(binary, "--root", root.toString()));
        command.addAll(List.of(args));
        return commands.run(command);
    }
}
