package io.berth.runc;

import io.berth.runtime.CreateOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "create", description = "create a container")
final class CreateCommand implements Callable<Integer> {
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

    @Option(names = "--no-pivot", description = "do not use pivot_root to jail the process inside rootfs")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "do not create a new session keyring")
    boolean noNewKeyring;

    @Option(names = "--preserve-fds", description = "pass N additional file descriptors to the container")
    int preserveFds;

    @Override
    public Integer call() throws Exception {
        int pid = global.runtime().create(id, new CreateOptions(bundle, consoleSocket, preserveFds, noPivot));
        writePidFile(pidFile, pid);
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
