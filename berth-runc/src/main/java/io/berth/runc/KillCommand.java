package io.berth.runc;

import io.berth.linux.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = "kill sends the specified signal (default: SIGTERM) to the container's init process")
final class KillCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<signal>")
    String signal = "SIGTERM";

    @Option(names = {"--all", "-a"}, description = "send the specified signal to all processes inside the container")
    boolean all;

    @Override
    public Integer call() {
        int number = Signal.parse(signal);
        if (all) {
            global.runtime().killAll(id, number);
        } else {
            global.runtime().kill(id, number);
        }
        return 0;
    }
}
