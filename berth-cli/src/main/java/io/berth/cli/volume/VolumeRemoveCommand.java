package io.berth.cli.volume;

import io.berth.storage.volume.VolumeStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth volume rm NAME...: unmount, release the loop device, delete the data. */
@Command(name = "rm", aliases = "remove", description = "Remove one or more volumes", mixinStandardHelpOptions = true)
public final class VolumeRemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "VOLUME")
    List<String> names;

    @Override
    public Integer call() {
        VolumeStore store = VolumeCommand.store(spec);
        PrintWriter out = spec.commandLine().getOut();
        int status = 0;
        for (String name : names) {
            try {
                store.remove(name);
                out.println(name);
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("Error: " + e.getMessage());
                status = 1;
            }
        }
        out.flush();
        return status;
    }
}
