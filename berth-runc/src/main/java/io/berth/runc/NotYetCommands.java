package io.berth.runc;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** runc verbs this version does not implement: they fail with a message saying so. */
final class NotYetCommands {
    private NotYetCommands() {}

    abstract static class NotYet implements Callable<Integer> {
        @Unmatched
        List<String> ignored;

        @Parameters(arity = "0..*", hidden = true)
        List<String> args;

        @Override
        public Integer call() {
            String name = getClass().getAnnotation(Command.class).name();
            throw new UnsupportedOperationException("'" + name + "' is not implemented by this version of berth-runc");
        }
    }







    @Command(name = "checkpoint", description = "checkpoint a running container (not supported)")
    static final class Checkpoint extends NotYet {}

    @Command(name = "restore", description = "restore a container from a checkpoint (not supported)")
    static final class Restore extends NotYet {}
}
