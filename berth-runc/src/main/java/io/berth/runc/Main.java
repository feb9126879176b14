package io.berth.runc;

import picocli.CommandLine;

/** berth-runc: a runc-compatible command line over the Berth runtime. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("__aot-train")) {
            AotTraining.run(java.nio.file.Path.of(args[1]));
            return;
        }
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new BerthRunc());
        // as runc does: after the container id, everything belongs to the command (sh -c ...)
        cli.getSubcommands().get("exec").setStopAtPositional(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            ((BerthRunc) cli.getCommand()).log().error(e.getMessage() == null ? e.toString() : e.getMessage());
            if (((BerthRunc) cli.getCommand()).debug()) {
                e.printStackTrace();
            }
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("berth-runc: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
