package io.berth.runc;

import io.berth.linux.ExitStatus;
import io.berth.linux.Processes;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.CreateOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** create + start, then (unless detached) wait and exit with the container's status. */
@Command(name = "run", description = "create and run a container")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    BerthRunc global;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Option(names = {"--bundle", "-b"}, description = "path to the root of the bundle directory")
    Path bundle = Path.of(".");

    @Option(names = "--console-socket", description = "AF_UNIX socket that receives the pty master")
    String consoleSocket;

    @Option(names = "--pid-file", description = "file to write the container process id to")
    Path pidFile;

    @Option(names = {"--detach", "-d"}, description = "detach from the container's process")
    boolean detach;

    @Option(names = "--keep", description = "do not delete the container after it exits")
    boolean keep;

    @Option(names = "--no-pivot", description = "do not use pivot_root to jail the process inside rootfs")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "do not create a new session keyring")
    boolean noNewKeyring;

    @Option(names = "--preserve-fds", description = "pass N additional file descriptors to the container")
    int preserveFds;

    @Override
    public Integer call() throws Exception {
        ContainerRuntime runtime = global.runtime();
        int pid = runtime.create(id, new CreateOptions(bundle, consoleSocket, preserveFds, noPivot));
        try {
            CreateCommand.writePidFile(pidFile, pid);
            runtime.start(id);
        } catch (RuntimeException | java.io.IOException e) {
            runtime.delete(id, true);
            throw e;
        }
        if (detach) {
            return 0;
        }
        SignalForwarder forwarder = SignalForwarder.install(pid);
        ExitStatus status;
        try {
            status = Processes.waitFor(pid);
        } finally {
            forwarder.close();
        }
        if (!keep) {
            runtime.delete(id, true);
        }
        return status.shellCode();
    }
}
