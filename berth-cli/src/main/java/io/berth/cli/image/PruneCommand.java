package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.cli.format.HumanUnits;
import io.berth.image.ImageService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** berth image prune [-a] [-f]: remove dangling (or all unused) images. */
@Command(name = "prune", description = "Remove unused images", mixinStandardHelpOptions = true)
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "remove all unused images, not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "do not prompt for confirmation")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // as docker: ask only when someone can answer
        if (!force && System.console() != null && System.console().isTerminal()) {
            out.print(all
                    ? "WARNING! This will remove all images without at least one container associated to them.\n"
                    : "WARNING! This will remove all dangling images.\n");
            out.print("Are you sure you want to continue? [y/N] ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                return 0;
            }
        }
        try (ImageService images = ((Berth) spec.root().userObject()).images()) {
            ImageService.PruneReport report = images.prune(all);
            if (!report.deleted().isEmpty()) {
                out.println("Deleted Images:");
                report.deleted().forEach(out::println);
                out.println();
            }
            out.println("Total reclaimed space: " + HumanUnits.size(report.reclaimedBytes()));
        }
        out.flush();
        return 0;
    }
}
