package io.berth.runc;

import io.berth.runtime.state.NoSuchContainerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "delete any resources held by the container often used with detached container")
final class DeleteCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Option(names = {"--force", "-f"}, description = "forcibly delete the container if it is still running (uses SIGKILL)")
    boolean force;

    @Override
    public Integer call() {
        try {
            global.runtime().delete(id, force);
        } catch (NoSuchContainerException e) {
            if (!force) {
                throw e;
            }
        }
        return 0;
    }
}
