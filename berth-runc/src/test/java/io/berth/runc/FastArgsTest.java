package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The fast parser must give exactly what picocli gives, or leave the command line to picocli. */
class FastArgsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "create c1",
        "--root /tmp/r create --bundle /b --pid-file /p --console-socket /s c1",
        "--root=/tmp/r --log /l --log-format json --debug create -b /b --preserve-fds 2 --no-pivot c1",
        "create c1 --bundle=/b --no-new-keyring",
        "--systemd-cgroup --rootless true --criu x run c1",
        "run -d --keep -b /b c1",
        "run --detach --pid-file=/p c1 --preserve-fds=0",
        "start c1",
        "--root /r state c1",
        "kill c1",
        "kill c1 9",
        "kill --all c1 SIGKILL",
        "kill c1 -a KILL",
        "delete c1",
        "delete -f c1",
        "delete c1 --force",
        "--log-format= delete c1",
        "start -",
    })
    void agreesWithPicocli(String line) throws Exception {
        String[] args = line.split(" ");
        FastArgs.Parsed fast = FastArgs.parse(args);
        assertNotNull(fast, "the fast path declined " + line);
        CommandLine cli = picocli(args);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        assertEquals(fields(cli.getCommand()), fields(fast.global()), "global options of " + line);
        assertEquals(fields(parsed.subcommand().commandSpec().userObject()), fields(fast.command()), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "--root /r", "create", "create a b", "start a b", "kill a 9 x", "--help", "create --help c1", "-h",
        "--version", "create -bfoo c1", "create -b=/b c1", "delete -fa c1", "delete --force=true c1",
        "--debug=true create c1", "create --preserve-fds x c1", "create --preserve-fds -1 c1",
        "create --bundle c1", "create c1 --bundle", "create --bundle --no-pivot c1", "create -- c1",
        "create --unknown c1", "--unknown create c1", "create --root /r c1", "start --force c1",
        "run -a c1", "--root /a --root /b state c1", "create -b /a --bundle /b c1", "delete -f --force c1",
        "--debug --debug state c1", "list", "ls", "exec c1 true", "ps c1", "features", "spec", "events c1",
    })
    void leavesEverythingElseToPicocli(String line) {
        assertNull(FastArgs.parse(line.isEmpty() ? new String[0] : line.split(" ")), line);
    }

    /** Every option picocli declares for these verbs is one the fast path knows (or help). */
    @Test
    void knowsEveryOption() throws Exception {
        CommandLine root = new CommandLine(new BerthRunc());
        for (OptionSpec global : root.getCommandSpec().options()) {
            check(root, global, new ArrayList<>(), List.of("state", "c1"));
        }
        for (String verb : FastArgs.VERBS) {
            CommandLine cli = picocli(new String[] {verb});
            for (OptionSpec option : cli.getSubcommands().get(verb).getCommandSpec().options()) {
                check(cli, option, new ArrayList<>(List.of(verb)), List.of("c1"));
            }
        }
    }

    private static void check(CommandLine cli, OptionSpec option, List<String> before, List<String> after)
            throws Exception {
        for (String name : option.names()) {
            List<String> args = new ArrayList<>(before);
            args.add(name);
            if (option.arity().max() > 0) {
                args.add(option.type() == int.class ? "3" : "/v");
            }
            args.addAll(after);
            String[] argv = args.toArray(String[]::new);
            FastArgs.Parsed fast = FastArgs.parse(argv);
            if (option.usageHelp() || option.versionHelp()) {
                assertNull(fast, name + " is for picocli to answer");
                continue;
            }
            assertNotNull(fast, "the fast path does not know " + String.join(" ", args));
            CommandLine fresh = picocli(argv);
            CommandLine.ParseResult parsed = fresh.parseArgs(argv);
            assertEquals(fields(fresh.getCommand()), fields(fast.global()), String.join(" ", args));
            assertEquals(fields(parsed.subcommand().commandSpec().userObject()), fields(fast.command()),
                    String.join(" ", args));
        }
    }

    /** As Main builds it: the root command plus the one verb named in the arguments. */
    private static CommandLine picocli(String[] args) {
        CommandLine cli = new CommandLine(new BerthRunc());
        String verb = Main.verb(args);
        cli.addSubcommand(verb, BerthRunc.VERBS.get(verb).get());
        return cli;
    }

    /** Instance fields by name, nested option holders (CreateFlags) included, the parent link not. */
    private static Map<String, Object> fields(Object o) throws IllegalAccessException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getType() == BerthRunc.class || f.getName().equals("log")) {
                continue;
            }
            f.setAccessible(true);
            Object value = f.get(o);
            out.put(f.getName(), value instanceof CreateFlags flags ? fields(flags) : value);
        }
        return out;
    }
}
