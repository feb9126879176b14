package io.berth.runc;

import io.berth.runtime.CreateOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags `create` and `run` share, as runc spells them. */
final class CreateFlags {
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

    CreateOptions options() {
        return new CreateOptions(bundle, consoleSocket, preserveFds, noPivot);
    }
}
