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
        "pause c1", "resume c1", "--root /r list", "ls", "list -q", "list --format json", "ls -f table --quiet",
        "ps c1", "ps -f json c1", "ps --format=table c1",
        "events c1", "events --stats c1", "events --interval 1s c1", "events c1 --interval=250ms",
        "update --resources - c1", "update -r /tmp/res.json c1", "update --memory 512m --cpu-quota 50000 c1",
        "update --memory-swap=-1 --pids-limit=10 --blkio-weight 500 c1", "features",
        "exec c1 true", "exec c1 sh -c echo", "exec c1 ls -l --color", "exec c1 --env A=1", "exec c1",
        "exec --process /p.json --detach --pid-file /pid c1",
        "exec -p /p.json -d --console-socket /s -t c1",
        "exec -e A=1 --env B=2 -e C=3 --cwd /tmp -u 1000:1000 c1 id",
        "exec -g 10 --additional-gids 20 -c CAP_KILL --cap net_raw --no-new-privs c1 id",
        "exec --preserve-fds 2 --process-label x --apparmor y --ignore-paused c1 true",
        "exec --env= c1 env",
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
        "--debug --debug state c1", "spec", "checkpoint c1", "restore c1", "list c1", "list -f json --format table",
        "ps c1 -ef", "ps c1 aux", "pause", "resume a b", "features x", "features --help", "events",
        "update --cpu-quota 0x10 c1", "update --cpu-quota 010 c1", "update --blkio-weight 1000000000000 c1",
        "exec", "exec -td c1 sh", "exec -- c1 sh", "exec c1 -- sh", "exec --help c1", "exec -p /a --process /b c1",
        "exec --tty=true c1 sh", "exec -g x c1 id", "exec -g 010 c1 id", "exec --unknown c1 sh",
        "exec -d --detach c1 true",
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
            List<String> positional = switch (verb) {
                case "list", "features" -> List.of();
                case "exec" -> List.of("c1", "true");
                default -> List.of("c1");
            };
            for (OptionSpec option : cli.getSubcommands().get(verb).getCommandSpec().options()) {
                check(cli, option, new ArrayList<>(List.of(verb)), positional);
            }
        }
    }

    private static void check(CommandLine cli, OptionSpec option, List<String> before, List<String> after)
            throws Exception {
        for (String name : option.names()) {
            List<String> args = new ArrayList<>(before);
            args.add(name);
            if (option.arity().max() > 0) {
                args.add(numeric(option) ? "3" : "/v");
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

    private static boolean numeric(OptionSpec option) {
        Class<?> type = option.auxiliaryTypes()[option.auxiliaryTypes().length - 1];
        return Number.class.isAssignableFrom(type) || type == int.class || type == long.class;
    }

    private static CommandLine picocli(String[] args) {
        return Main.picocli(args);
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
