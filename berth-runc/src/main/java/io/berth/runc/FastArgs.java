package io.berth.runc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The command lines engines send, parsed without picocli: building picocli's model from
 * annotations costs ~130 ms per process, more than most verbs' own work. It fills the same
 * command objects picocli would, and declines (null) anything it is not sure of — help, an
 * unknown or clustered flag, a missing or extra argument, a number picocli might read another
 * way — so picocli stays the one that defines the options, explains mistakes and prints help.
 * FastArgsTest holds the two to the same result for every option of every verb here.
 */
final class FastArgs {
    private FastArgs() {}

    /** A verb's command object, ready to call, and the global options it reads. */
    record Parsed(BerthRunc global, Callable<Integer> command) {}

    /** An option: the long name it is known by, whether it takes a value, whether it may repeat. */
    private record Option(String canonical, boolean valued, boolean repeatable) {}

    /** Puts one option's value (null for a switch) into a command; false if the value won't do. */
    private interface Setter<C> {
        boolean set(C command, String option, String value);
    }

    /** Puts the positional arguments into a command; false if there are too few or too many. */
    private interface Positionals<C> {
        boolean set(C command, List<String> positional);
    }

    /** How a verb's arguments fill its command object. */
    private record Verb<C extends Callable<Integer>>(Supplier<C> make, Map<String, Option> options,
            boolean commandAfterId, Setter<C> setter, Positionals<C> positionals) {

        /** The parsed command, or null when the arguments are for picocli to judge. */
        Callable<Integer> bind(String[] args, int from, BerthRunc global) {
            C command = make.get();
            Set<String> seen = new HashSet<>(); // picocli refuses an option given twice
            List<String> positional = new ArrayList<>();
            for (int i = from; i < args.length; i++) {
                if (commandAfterId && !positional.isEmpty()) {
                    positional.add(args[i]); // as runc: after the id, everything is the command
                    continue;
                }
                if (!args[i].startsWith("-") || args[i].equals("-")) {
                    positional.add(args[i]);
                    continue;
                }
                Flag flag = Flag.of(args, i, options);
                if (flag == null || !(seen.add(flag.option().canonical()) || flag.option().repeatable())
                        || !setter.set(command, flag.option().canonical(), flag.value())) {
                    return null;
                }
                i += flag.consumed() - 1;
            }
            if (commandAfterId && positional.contains("--")) {
                return null;
            }
            return positionals.set(command, positional) ? withGlobal(command, global) : null;
        }
    }

    private static final Map<String, Option> GLOBAL = options(
            "--root=", "--log=", "--log-format=", "--rootless=", "--criu=", "--debug", "--systemd-cgroup");

    private static final Map<String, Option> CREATE = options(
            "--bundle=|-b", "--console-socket=", "--pid-file=", "--preserve-fds=", "--no-pivot", "--no-new-keyring");

    private static final Map<String, Verb<?>> VERB_TABLE = verbs();

    /** The verbs handled here, for the test that compares them with picocli. */
    static final List<String> VERBS = List.copyOf(VERB_TABLE.keySet());

    static Parsed parse(String[] args) {
        BerthRunc global = new BerthRunc();
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            Flag flag = Flag.of(args, i, GLOBAL);
            if (flag == null || !seen.add(flag.option().canonical()) || !global(global, flag)) {
                return null;
            }
            i += flag.consumed() - 1;
        }
        if (i == args.length) {
            return null;
        }
        Verb<?> verb = VERB_TABLE.get(args[i].equals("ls") ? "list" : args[i]);
        Callable<Integer> command = verb == null ? null : verb.bind(args, i + 1, global);
        return command == null ? null : new Parsed(global, command);
    }

    private static Map<String, Verb<?>> verbs() {
        Map<String, Verb<?>> v = new java.util.LinkedHashMap<>();
        v.put("create", new Verb<>(CreateCommand::new, CREATE, false,
                (c, o, value) -> createFlag(c.flags, o, value), (c, p) -> one(p, id -> c.id = id)));
        Map<String, Option> run = new java.util.HashMap<>(CREATE);
        run.putAll(options("--detach|-d", "--keep"));
        v.put("run", new Verb<>(RunCommand::new, run, false, (c, o, value) -> {
            switch (o) {
                case "--detach" -> c.detach = true;
                case "--keep" -> c.keep = true;
                default -> {
                    return createFlag(c.flags, o, value);
                }
            }
            return true;
        }, (c, p) -> one(p, id -> c.id = id)));
        v.put("start", idOnly(StartCommand::new, (c, id) -> c.id = id));
        v.put("state", idOnly(StateCommand::new, (c, id) -> c.id = id));
        v.put("pause", idOnly(PauseCommand::new, (c, id) -> c.id = id));
        v.put("resume", idOnly(ResumeCommand::new, (c, id) -> c.id = id));
        v.put("kill", new Verb<>(KillCommand::new, options("--all|-a"), false, (c, o, value) -> c.all = true,
                (c, p) -> {
                    if (p.isEmpty() || p.size() > 2) {
                        return false;
                    }
                    c.id = p.get(0);
                    if (p.size() == 2) {
                        c.signal = p.get(1);
                    }
                    return true;
                }));
        v.put("delete", new Verb<>(DeleteCommand::new, options("--force|-f"), false, (c, o, value) -> c.force = true,
                (c, p) -> one(p, id -> c.id = id)));
        v.put("exec", new Verb<>(ExecCommand::new, options("--process=|-p", "--console-socket=", "--cwd=",
                "--env=*|-e", "--tty|-t", "--user=|-u", "--additional-gids=*|-g", "--cap=*|-c", "--no-new-privs",
                "--detach|-d", "--pid-file=", "--preserve-fds=", "--process-label=", "--apparmor=", "--cgroup=*",
                "--ignore-paused"), true, FastArgs::execFlag, (c, p) -> {
                    if (p.isEmpty()) {
                        return false;
                    }
                    c.id = p.get(0);
                    c.command.addAll(p.subList(1, p.size()));
                    return true;
                }));
        v.put("list", new Verb<>(ListCommand::new, options("--format=|-f", "--quiet|-q"), false, (c, o, value) -> {
            if (o.equals("--quiet")) {
                c.quiet = true;
            } else {
                c.format = value;
            }
            return true;
        }, (c, p) -> p.isEmpty()));
        v.put("ps", new Verb<>(PsCommand::new, options("--format=|-f"), false, (c, o, value) -> {
            c.format = value;
            return true;
        }, (c, p) -> one(p, id -> c.id = id)));
        v.put("events", new Verb<>(EventsCommand::new, options("--stats", "--interval="), false, (c, o, value) -> {
            if (o.equals("--stats")) {
                c.stats = true;
            } else {
                c.interval = value;
            }
            return true;
        }, (c, p) -> one(p, id -> c.id = id)));
        v.put("update", new Verb<>(UpdateCommand::new, options("--resources=|-r", "--blkio-weight=", "--cpu-period=",
                "--cpu-quota=", "--cpu-share=", "--cpu-rt-period=", "--cpu-rt-runtime=", "--cpuset-cpus=",
                "--cpuset-mems=", "--memory=", "--memory-reservation=", "--memory-swap=", "--pids-limit="), false,
                FastArgs::updateFlag, (c, p) -> one(p, id -> c.id = id)));
        v.put("features", new Verb<>(FeaturesCommand::new, Map.of(), false, (c, o, value) -> false, (c, p) -> p.isEmpty()));
        return java.util.Collections.unmodifiableMap(v);
    }

    /**
     * Options from their spelling: "--name" a switch, "--name=" one with a value, "--name=*" one
     * that may repeat, "|-x" a short alias.
     */
    private static Map<String, Option> options(String... specs) {
        Map<String, Option> out = new java.util.HashMap<>();
        for (String spec : specs) {
            String[] names = spec.split("\\|");
            String name = names[0].replace("=", "").replace("*", "");
            Option option = new Option(name, names[0].contains("="), names[0].endsWith("*"));
            for (String alias : names) {
                out.put(alias.replace("=", "").replace("*", ""), option);
            }
        }
        return Map.copyOf(out);
    }

    private static <C extends Callable<Integer>> Verb<C> idOnly(Supplier<C> make,
            java.util.function.BiConsumer<C, String> id) {
        return new Verb<>(make, Map.of(), false, (c, o, value) -> false, (c, p) -> one(p, v -> id.accept(c, v)));
    }

    private static boolean one(List<String> positional, java.util.function.Consumer<String> id) {
        if (positional.size() != 1) {
            return false;
        }
        id.accept(positional.get(0));
        return true;
    }

    private static Callable<Integer> withGlobal(Callable<Integer> command, BerthRunc global) {
        if (command instanceof RuncCommand c) { // features reads no global option
            c.global = global;
        }
        return command;
    }

    /**
     * `--name value`, `--name=value` or a bare switch; null for anything picocli should judge:
     * an unknown name, `--`, clustered or attached short options, a switch given a value, a
     * missing value or one that looks like an option.
     */
    private record Flag(Option option, String value, int consumed) {
        static Flag of(String[] args, int i, Map<String, Option> known) {
            String arg = args[i];
            if (arg.equals("--") || (!arg.startsWith("--") && arg.length() != 2)) {
                return null;
            }
            int eq = arg.indexOf('=');
            Option option = known.get(eq > 0 ? arg.substring(0, eq) : arg);
            if (option == null) {
                return null;
            }
            if (!option.valued()) {
                return eq > 0 ? null : new Flag(option, null, 1);
            }
            if (eq > 0) {
                return new Flag(option, arg.substring(eq + 1), 1);
            }
            if (i + 1 >= args.length || (args[i + 1].startsWith("-") && !args[i + 1].equals("-"))) {
                return null;
            }
            return new Flag(option, args[i + 1], 2);
        }
    }

    private static boolean global(BerthRunc g, Flag f) {
        switch (f.option().canonical()) {
            case "--root" -> g.root = Path.of(f.value());
            case "--log" -> g.logFile = Path.of(f.value());
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

    private static boolean createFlag(CreateFlags flags, String option, String value) {
        switch (option) {
            case "--bundle" -> flags.bundle = Path.of(value);
            case "--console-socket" -> flags.consoleSocket = value;
            case "--pid-file" -> flags.pidFile = Path.of(value);
            case "--preserve-fds" -> {
                Long n = number(value, 9);
                if (n == null) {
                    return false;
                }
                flags.preserveFds = n.intValue();
            }
            case "--no-pivot" -> flags.noPivot = true;
            case "--no-new-keyring" -> flags.noNewKeyring = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean execFlag(ExecCommand c, String option, String value) {
        switch (option) {
            case "--process" -> c.processJson = Path.of(value);
            case "--console-socket" -> c.consoleSocket = value;
            case "--cwd" -> c.cwd = value;
            case "--env" -> c.env.add(value);
            case "--tty" -> c.tty = true;
            case "--user" -> c.user = value;
            case "--additional-gids", "--preserve-fds" -> {
                Long n = number(value, 18);
                if (n == null) {
                    return false;
                }
                if (option.equals("--additional-gids")) {
                    c.additionalGids.add(n);
                } else if (n > Integer.MAX_VALUE) {
                    return false;
                } else {
                    c.preserveFds = n.intValue();
                }
            }
            case "--cap" -> c.caps.add(value);
            case "--no-new-privs" -> c.noNewPrivs = true;
            case "--detach" -> c.detach = true;
            case "--pid-file" -> c.pidFile = Path.of(value);
            case "--process-label" -> c.processLabel = value;
            case "--apparmor" -> c.apparmor = value;
            case "--cgroup" -> c.cgroups.add(value);
            case "--ignore-paused" -> c.ignorePaused = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean updateFlag(UpdateCommand c, String option, String value) {
        switch (option) {
            case "--resources" -> c.resources = value;
            case "--cpuset-cpus" -> c.cpusetCpus = value;
            case "--cpuset-mems" -> c.cpusetMems = value;
            case "--memory" -> c.memory = value;
            case "--memory-reservation" -> c.memoryReservation = value;
            case "--memory-swap" -> c.memorySwap = value;
            default -> {
                Long n = number(value, option.equals("--blkio-weight") ? 9 : 18);
                if (n == null) {
                    return false;
                }
                switch (option) {
                    case "--blkio-weight" -> c.blkioWeight = n.intValue();
                    case "--cpu-period" -> c.cpuPeriod = n;
                    case "--cpu-quota" -> c.cpuQuota = n;
                    case "--cpu-share" -> c.cpuShares = n;
                    case "--cpu-rt-period" -> c.cpuRtPeriod = n;
                    case "--cpu-rt-runtime" -> c.cpuRtRuntime = n;
                    case "--pids-limit" -> c.pidsLimit = n;
                    default -> {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * A plain decimal of at most {@code digits} digits, or null: picocli would read a leading
     * zero as octal and 0x as hex, so those are left to it.
     */
    private static Long number(String value, int digits) {
        if (value == null || !value.matches("-?(0|[1-9][0-9]{0," + (digits - 1) + "})")) {
            return null;
        }
        return Long.parseLong(value);
    }
}
