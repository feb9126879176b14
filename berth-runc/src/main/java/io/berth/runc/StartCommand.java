package io.berth.runc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "executes the user defined process in a created container")
final class StartCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public Integer call() {
        global.runtime().start(id);
        return 0;
    }
}
