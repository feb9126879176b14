package io.berth.cli;

import io.berth.testing.Command;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs bin/berth (the real launcher) against one temporary store. */
record BerthCli(Path root) {
    static final String LAUNCHER = System.getProperty("berth.launcher", "bin/berth");
    static final String RUNC = System.getProperty("berth.runc.launcher", "bin/berth-runc");

    Command.Result run(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER, "--root", root.toString()));
        argv.addAll(List.of(args));
        return Command.of(argv).withTimeout(Duration.ofMinutes(3)).run();
    }

    Command.Result check(String... args) throws IOException {
        Command.Result r = run(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("berth " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.stderr()
                    + r.stdoutText());
        }
        return r;
    }
}
