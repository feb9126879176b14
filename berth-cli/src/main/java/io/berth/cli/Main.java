package io.berth.cli;

import io.berth.cli.image.ImageCommand;
import io.berth.cli.volume.VolumeCommand;
import picocli.CommandLine;

/** Entry point of {@code bin/berth}: images and volumes on the local store, without a daemon. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 2 && args[0].equals("__aot-train")) {
            AotTraining.run(java.nio.file.Path.of(args[1]));
            return;
        }
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        Berth berth = new Berth();
        CommandLine cli = new CommandLine(berth)
                .addSubcommand(new ImageCommand())
                .addSubcommand(new VolumeCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (berth.debug()) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("berth: " + e.getMessage());
            e.getCommandLine().getErr().println("See 'berth --help'.");
            return 125;
        });
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }
}
