package io.berth.runc;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.seccomp.SeccompProgramStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The global options and the list of verbs, as runc has them. */
@Command(name = "berth-runc", mixinStandardHelpOptions = true, version = "berth-runc 0.1.0 (spec 1.2.0)",
        description = "Open Container Initiative runtime, written in Java")
public final class BerthRunc implements Runnable {
    /**
     * The verbs, registered with picocli by {@link Main} one at a time: reading the annotations
     * of every command on each call costs more start-up time than most commands take.
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> VERBS = verbs();

    private static java.util.Map<String, java.util.function.Supplier<Object>> verbs() {
        java.util.Map<String, java.util.function.Supplier<Object>> v = new java.util.LinkedHashMap<>();
        v.put("checkpoint", NotYetCommands.Checkpoint::new);
        v.put("create", CreateCommand::new);
        v.put("delete", DeleteCommand::new);
        v.put("events", EventsCommand::new);
        v.put("exec", ExecCommand::new);
        v.put("features", FeaturesCommand::new);
        v.put("kill", KillCommand::new);
        v.put("list", ListCommand::new);
        v.put("pause", PauseCommand::new);
        v.put("ps", PsCommand::new);
        v.put("restore", NotYetCommands.Restore::new);
        v.put("resume", ResumeCommand::new);
        v.put("run", RunCommand::new);
        v.put("spec", SpecCommand::new);
        v.put("start", StartCommand::new);
        v.put("state", StateCommand::new);
        v.put("update", UpdateCommand::new);
        return java.util.Collections.unmodifiableMap(v);
    }

    @Option(names = "--root", description = "root directory for storage of container state (default: /run/berth-runc)")
    Path root = Path.of("/run/berth-runc");

    @Option(names = "--log", description = "set the log file to write runc logs to (default is stderr)")
    Path logFile;

    @Option(names = "--log-format", description = "set the log format ('text' (default), or 'json')")
    String logFormat = "text";

    @Option(names = "--debug", description = "enable debug logging")
    boolean debug;

    @Option(names = "--systemd-cgroup", description = "not supported: Berth manages cgroupfs directly")
    boolean systemdCgroup;

    @Option(names = "--rootless", description = "ignore cgroup permission errors ('true', 'false', or 'auto')")
    String rootless = "auto";

    @Option(names = "--criu", hidden = true)
    String criu;

    private Log log;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    Log log() {
        if (log == null) {
            log = new Log(logFile, logFormat, debug);
        }
        return log;
    }

    boolean debug() {
        return debug;
    }

    ContainerRuntime runtime() {
        if (systemdCgroup) {
            throw new IllegalArgumentException("--systemd-cgroup is not supported: Berth drives cgroupfs itself");
        }
        // create keeps the compiled seccomp programs for the next create with the same profile
        return new ContainerRuntime(root, log()::warn, log()::debug, SeccompProgramStore.inRoot(root));
    }
}
