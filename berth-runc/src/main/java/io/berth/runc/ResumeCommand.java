package io.berth.runc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "resume", description = "resumes all processes that have been previously paused")
final class ResumeCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public Integer call() {
        global.runtime().resume(id);
        return 0;
    }
}
