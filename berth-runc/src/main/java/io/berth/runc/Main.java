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
        if (args.length > 0 && args[0].equals("__aot-replay")) {
            AotTraining.replay(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int status = execute(args);
        // Not System.exit: it sets up System.Logger to log the exit (~15 ms), and after `create`
        // it would wait up to 300 ms for the thread still blocked in posix_spawn (the child waits
        // for `start`). Nothing of ours needs shutdown hooks; the log is written unbuffered.
        System.out.flush();
        System.err.flush();
        io.berth.linux.Processes.exitNow(status);
    }

    /** The first argument that is neither a global option nor its value ("ls" means list). */
    static String verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root") || a.equals("--log") || a.equals("--log-format") || a.equals("--rootless")
                    || a.equals("--criu")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a.equals("ls") ? "list" : a;
            }
        }
        return "";
    }

    public static int execute(String... args) {
        FastArgs.Parsed fast = FastArgs.parse(args);
        if (fast != null) {
            try {
                return fast.command().call();
            } catch (Exception e) {
                return failed(fast.global(), e);
            } finally {
                System.out.flush();
                System.err.flush();
            }
        }
        CommandLine cli = picocli(args);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> failed((BerthRunc) cli.getCommand(), e));
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("berth-runc: " + e.getMessage());
            return 1;
        });
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /** The root command plus the one verb named in the arguments (every verb if none is). */
    static CommandLine picocli(String[] args) {
        CommandLine cli = new CommandLine(new BerthRunc());
        String verb = verb(args);
        if (BerthRunc.VERBS.containsKey(verb)) {
            cli.addSubcommand(verb, BerthRunc.VERBS.get(verb).get());
        } else {
            BerthRunc.VERBS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        if (cli.getSubcommands().containsKey("exec")) {
            // as runc does: after the container id, everything belongs to the command (sh -c ...)
            cli.getSubcommands().get("exec").setStopAtPositional(true);
        }
        return cli;
    }

    /** A command that threw: its message goes to the log (with the stack trace under --debug). */
    private static int failed(BerthRunc global, Exception e) {
        global.log().error(e.getMessage() == null ? e.toString() : e.getMessage());
        if (global.debug()) {
            e.printStackTrace();
        }
        return 1;
    }
}
