package io.berth.runc;

import io.berth.runtime.init.SyncMessage;
import io.berth.runtime.spec.DefaultSpec;
import io.berth.runtime.spec.SpecReader;
import io.berth.runtime.spec.SpecValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's training run for the AOT cache: exercises the command line and the code the
 * init stage runs (parsing, validation, sync messages) without creating a container, and
 * exits normally, as -XX:AOTCacheOutput requires.
 */
final class AotTraining {
    private AotTraining() {}

    static void run(Path work) {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            Files.createDirectories(work);
            Path bundle = Files.createTempDirectory(work, "bundle");
            Files.deleteIfExists(bundle.resolve("config.json"));
            Main.execute("spec", "--bundle", bundle.toString());
            var spec = SpecReader.read(bundle.resolve("config.json"));
            SpecValidator.validate(spec);
            String json = SpecReader.mapper().writeValueAsString(spec);
            SpecReader.parse(json.getBytes());
            for (SyncMessage m : new SyncMessage[] {new SyncMessage.Ready(), new SyncMessage.Warm(), new SyncMessage.HooksDone(),
                    new SyncMessage.RunHooks("createRuntime"), new SyncMessage.Failure("x"),
                    new SyncMessage.Bootstrap("/", "/", "{}", 3, -1, 0, false, true, false, "x", new byte[8], 0)}) {
                SpecReader.mapper().readValue(SpecReader.mapper().writeValueAsBytes(m), SyncMessage.class);
            }
            Path root = Files.createTempDirectory(work, "root");
            Main.execute("--root", root.toString(), "list");
            Main.execute("--root", root.toString(), "state", "absent");
            Main.execute("features");
            // the FFM calls every command makes, so their classes and method handles are cached;
            // none of them changes anything
            io.berth.linux.Processes.tid();
            io.berth.linux.Processes.pid();
            io.berth.linux.FileCalls.umask(io.berth.linux.FileCalls.umask(022));
            io.berth.linux.Prctl.noNewPrivileges();
            try (io.berth.linux.Fd fd = io.berth.linux.FileCalls.open(bundle.toString(),
                    io.berth.linux.FileCalls.O_PATH | io.berth.linux.FileCalls.O_DIRECTORY
                            | io.berth.linux.FileCalls.O_CLOEXEC, 0)) {
                io.berth.linux.FileCalls.readlink(fd.procPath());
            }
            for (String name : new String[] {"io.berth.runtime.init.InitStage", "io.berth.runtime.init.ExecStage", "io.berth.runtime.init.ConsoleSetup", "io.berth.runtime.init.RootfsSetup",
                    "io.berth.runtime.init.RootfsPaths", "io.berth.runtime.init.DeviceNodes",
                    "io.berth.runtime.init.ProcessSetup", "io.berth.runtime.init.ExecutableLookup",
                    "io.berth.runtime.init.CgroupMountPlan", "io.berth.runtime.hooks.HookRunner",
                    "io.berth.linux.Mounts", "io.berth.linux.Terminals", "io.berth.linux.ThreadCredentials",
                    "io.berth.linux.HostNames", "io.berth.linux.Signals", "io.berth.linux.Processes"}) {
                Class.forName(name, true, AotTraining.class.getClassLoader());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
