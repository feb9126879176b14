package io.berth.runc;

import io.berth.runtime.CreateOptions;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.SpecReader;
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

    /** Whether the bundle's process asks for a terminal (false if the config cannot say). */
    boolean wantsTerminal() {
        Process process = SpecReader.read(bundle.resolve("config.json")).process();
        return process != null && process.hasTerminal();
    }

    /** runc's rule: a terminal's master must go somewhere when nobody stays in the foreground. */
    void requireConsoleSocketForTerminal() {
        if (consoleSocket == null && wantsTerminal()) {
            throw new IllegalArgumentException(
                    "cannot allocate tty if berth-runc will detach without setting console socket");
        }
    }

    /** BERTH_INIT_STAGE=always: an init stage process even where Berth could spawn directly. */
    CreateOptions options() {
        return new CreateOptions(bundle, consoleSocket, preserveFds, noPivot, noNewKeyring,
                "always".equals(System.getenv("BERTH_INIT_STAGE")));
    }
}
