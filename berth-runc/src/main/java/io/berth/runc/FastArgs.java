package io.berth.runc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The command lines engines send on every container operation (create, start, run, state,
 * kill, delete), parsed without picocli: building picocli's model from annotations costs
 * ~130 ms per process, more than these verbs' own work. It fills the same command objects
 * picocli would, and declines (null) anything it is not sure of — help, an unknown or
 * clustered flag, a missing or extra argument — so picocli stays the one that defines the
 * options, explains mistakes and prints help. FastArgsTest holds the two to the same result.
 */
final class FastArgs {
    private FastArgs() {}

    /** A verb's command object, ready to call, and the global options it reads. */
    record Parsed(BerthRunc global, Callable<Integer> command) {}

    /** The verbs handled here, for the test that compares them with picocli. */
    static final List<String> VERBS = List.of("create", "run", "start", "state", "kill", "delete");

    static Parsed parse(String[] args) {
        BerthRunc global = new BerthRunc();
        java.util.Set<String> seen = new java.util.HashSet<>(); // picocli refuses an option given twice
        int i = 0;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            Flag flag = Flag.of(args, i);
            if (flag == null || !seen.add(flag.canonical()) || !global(global, flag)) {
                return null;
            }
            i += flag.consumed() - 1;
        }
        if (i == args.length) {
            return null;
        }
        String verb = args[i];
        List<String> positional = new ArrayList<>();
        Callable<Integer> command = switch (verb) {
            case "create" -> new CreateCommand();
            case "run" -> new RunCommand();
            case "start" -> new StartCommand();
            case "state" -> new StateCommand();
            case "kill" -> new KillCommand();
            case "delete" -> new DeleteCommand();
            default -> null;
        };
        if (command == null) {
            return null;
        }
        for (i++; i < args.length; i++) {
            if (!args[i].startsWith("-") || args[i].equals("-")) {
                positional.add(args[i]);
                continue;
            }
            Flag flag = Flag.of(args, i);
            if (flag == null || !seen.add(flag.canonical()) || !option(command, flag)) {
                return null;
            }
            i += flag.consumed() - 1;
        }
        return positionals(command, positional, global) ? new Parsed(global, command) : null;
    }

    /**
     * `--name value`, `--name=value` or a bare switch; null for anything picocli should judge:
     * `--`, clustered or attached short options, a switch given a value, a missing value or
     * one that looks like an option.
     */
    private record Flag(String name, String value, int consumed) {
        static Flag of(String[] args, int i) {
            String arg = args[i];
            if (arg.equals("--") || (!arg.startsWith("--") && arg.length() != 2)) {
                return null;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (!valued(name)) {
                return eq > 0 ? null : new Flag(name, null, 1);
            }
            if (eq > 0) {
                return new Flag(name, arg.substring(eq + 1), 1);
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                return null;
            }
            return new Flag(name, args[i + 1], 2);
        }

        /** The long name of an option that also has a short one. */
        String canonical() {
            return switch (name) {
                case "-b" -> "--bundle";
                case "-d" -> "--detach";
                case "-f" -> "--force";
                case "-a" -> "--all";
                default -> name;
            };
        }
    }

    private static boolean global(BerthRunc g, Flag f) {
        switch (f.name()) {
            case "--root" -> g.root = path(f);
            case "--log" -> g.logFile = path(f);
            case "--log-format" -> g.logFormat = f.value();
            case "--rootless" -> g.rootless = f.value();
            case "--criu" -> g.criu = f.value();
            case "--debug" -> g.debug = true;
            case "--systemd-cgroup" -> g.systemdCgroup = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean option(Object command, Flag f) {
        if (command instanceof CreateCommand c) {
            return createFlag(c.flags, f);
        }
        if (command instanceof RunCommand r) {
            switch (f.name()) {
                case "--detach", "-d" -> r.detach = true;
                case "--keep" -> r.keep = true;
                default -> {
                    return createFlag(r.flags, f);
                }
            }
            return true;
        }
        if (command instanceof DeleteCommand d && (f.name().equals("--force") || f.name().equals("-f"))) {
            d.force = true;
            return true;
        }
        if (command instanceof KillCommand k && (f.name().equals("--all") || f.name().equals("-a"))) {
            k.all = true;
            return true;
        }
        return false;
    }

    private static boolean createFlag(CreateFlags flags, Flag f) {
        switch (f.name()) {
            case "--bundle", "-b" -> flags.bundle = path(f);
            case "--console-socket" -> flags.consoleSocket = f.value();
            case "--pid-file" -> flags.pidFile = path(f);
            case "--preserve-fds" -> {
                if (f.value() == null || !f.value().matches("[0-9]{1,9}")) {
                    return false;
                }
                flags.preserveFds = Integer.parseInt(f.value());
            }
            case "--no-pivot" -> flags.noPivot = true;
            case "--no-new-keyring" -> flags.noNewKeyring = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean valued(String name) {
        return switch (name) {
            case "--root", "--log", "--log-format", "--rootless", "--criu", "--bundle", "-b", "--console-socket",
                 "--pid-file", "--preserve-fds" -> true;
            default -> false;
        };
    }

    private static Path path(Flag f) {
        return Path.of(f.value());
    }

    /** Sets the container id (and kill's signal) and the link to the global options. */
    private static boolean positionals(Callable<Integer> command, List<String> p, BerthRunc global) {
        if (p.isEmpty()) {
            return false;
        }
        String id = p.get(0);
        switch (command) {
            case CreateCommand c -> { c.id = id; c.global = global; }
            case RunCommand r -> { r.id = id; r.global = global; }
            case StartCommand s -> { s.id = id; s.global = global; }
            case StateCommand s -> { s.id = id; s.global = global; }
            case DeleteCommand d -> { d.id = id; d.global = global; }
            case KillCommand k -> {
                k.id = id;
                k.global = global;
                if (p.size() == 2) {
                    k.signal = p.get(1);
                }
                return p.size() <= 2;
            }
            default -> {
                return false;
            }
        }
        return p.size() == 1;
    }
}
