package io.berth.runc;

import io.berth.linux.ExitStatus;
import io.berth.linux.Processes;
import io.berth.runtime.ContainerRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** create + start, then (unless detached) wait and exit with the container's status. */
@Command(name = "run", description = "create and run a container")
final class RunCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Mixin
    CreateFlags flags = new CreateFlags();

    @Option(names = {"--detach", "-d"}, description = "detach from the container's process")
    boolean detach;

    @Option(names = "--keep", description = "do not delete the container after it exits")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        ContainerRuntime runtime = global.runtime();
        if (detach) {
            flags.requireConsoleSocketForTerminal();
        }
        boolean relay = flags.consoleSocket == null && !detach && flags.wantsTerminal();
        try (ConsoleRelay console = relay ? ConsoleRelay.open(id) : null) {
            if (console != null) {
                flags.consoleSocket = console.address();
            }
            if (!detach) {
                // a pid 1 forked by a user namespace stage is orphaned to us, so we can wait for it
                io.berth.linux.Prctl.setChildSubreaper(true);
            }
            ContainerRuntime.Created created = runtime.create(id, flags.options());
            int pid = created.pid();
            try {
                CreateCommand.writePidFile(flags.pidFile, pid);
                if (console != null) {
                    console.attach();
                }
                runtime.start(id);
            } catch (RuntimeException | java.io.IOException e) {
                runtime.delete(id, true);
                throw e;
            }
            if (detach) {
                return 0;
            }
            return waitAndDelete(runtime, created);
        }
    }

    private int waitAndDelete(ContainerRuntime runtime, ContainerRuntime.Created created) {
        SignalForwarder forwarder = SignalForwarder.install(created.pid());
        ExitStatus status;
        try {
            // our child, or our orphan: the container's pid 1
            status = Processes.waitFor(created.childPid());
        } finally {
            forwarder.close();
        }
        if (!keep) {
            runtime.delete(id, true);
        }
        return status.shellCode();
    }
}
