package io.berth.runc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "pause", description = "pause suspends all processes inside the container")
final class PauseCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public Integer call() {
        global.runtime().pause(id);
        return 0;
    }
}
