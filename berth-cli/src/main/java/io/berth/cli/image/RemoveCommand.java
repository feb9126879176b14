package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.image.ImageService;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth image rm IMAGE...: untag, and delete what nothing names anymore. */
@Command(name = "rm", aliases = {"remove", "rmi"}, description = "Remove one or more images", mixinStandardHelpOptions = true)
public final class RemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "remove an image referenced by several tags, by ID")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> names;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status = 0;
        try (ImageService images = ((Berth) spec.root().userObject()).images()) {
            for (String name : names) {
                try {
                    images.remove(name, force).forEach(out::println);
                } catch (RuntimeException | java.io.IOException e) {
                    // as docker rmi: report each failure, go on with the rest, exit 1 at the end
                    err.println("Error: " + e.getMessage());
                    status = 1;
                }
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}
