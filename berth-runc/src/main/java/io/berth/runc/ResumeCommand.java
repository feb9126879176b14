package io.berth.runc;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "resume", description = "resumes all processes that have been previously paused")
final class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    BerthRunc global;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public Integer call() {
        global.runtime().resume(id);
        return 0;
    }
}
