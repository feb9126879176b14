package io.berth.runc;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "pause", description = "pause suspends all processes inside the container")
final class PauseCommand implements Callable<Integer> {
    @ParentCommand
    BerthRunc global;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public Integer call() {
        global.runtime().pause(id);
        return 0;
    }
}
