package io.berth.runc;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "start", description = "executes the user defined process in a created container")
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    BerthRunc global;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public Integer call() {
        global.runtime().start(id);
        return 0;
    }
}
