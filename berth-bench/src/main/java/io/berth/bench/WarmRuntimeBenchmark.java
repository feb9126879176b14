package io.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Berth's runtime called from a JVM that is already running (the way an engine daemon calls
 * it) against runc, one process per call, on the same bundle in the same run, interleaved call
 * by call. Optionally bin/berth-runc too, a JVM per call, for the three-way picture.
 * Markdown tables go to stdout; errors name the call that failed.
 */
@Command(name = "warm-runtime-benchmark", mixinStandardHelpOptions = true,
        description = "Berth's runtime in a running JVM against runc: run and exec of `true`.")
public final class WarmRuntimeBenchmark implements Callable<Integer> {
    @Option(names = "--bundle", required = true,
            description = "a bundle whose rootfs has `true` and `sleep` (busybox will do); its config is copied, not changed")
    Path bundle;

    @Option(names = "--work", required = true, description = "an empty directory for state roots and derived bundles")
    Path work;

    @Option(names = "--seccomp-profile",
            description = "a file with an OCI linux.seccomp object (Docker's default profile, say) for both bundles")
    Path seccompProfile;

    @Option(names = "--runc", defaultValue = "/usr/sbin/runc", description = "the runc to compare with (default: ${DEFAULT-VALUE})")
    String runc;

    @Option(names = "--berth-runc", description = "also time this bin/berth-runc, a JVM per call")
    String berthRunc;

    @Option(names = "-n", defaultValue = "50", description = "timed calls per operation and runtime (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "30",
            description = "untimed calls per operation and runtime first, so the JIT has compiled the runtime's path (default: ${DEFAULT-VALUE})")
    int warmup;

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new WarmRuntimeBenchmark());
        // a bad bundle or a failed call: its message, not picocli's stack trace
        command.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("warm-runtime-benchmark: " + e.getMessage());
            return 1;
        });
        System.exit(command.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (rounds < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "-n must be at least 1 and --warmup at least 0");
        }
        BenchBundles bundles = BenchBundles.derive(bundle, work, seccompProfile);
        TimedCommand commands = new TimedCommand(work);
        Contenders contenders = new Contenders(
                new InProcessRuntime(Files.createDirectories(work.resolve("root-berth"))),
                new CliRuntime(runc, Files.createDirectories(work.resolve("root-runc")), commands),
                berthRunc == null ? null
                        : new CliRuntime(berthRunc, Files.createDirectories(work.resolve("root-berth-runc")), commands));
        Thread cleanup = new Thread(contenders::deleteAll, "delete-containers");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            report(measure(contenders, bundles, commands));
        } finally {
            contenders.deleteAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        return 0;
    }

    private Results measure(Contenders contenders, BenchBundles bundles, TimedCommand commands) {
        List<String> spawnTrue = List.of("/bin/true");
        for (int i = 0; i < warmup; i++) {
            contenders.run(bundles.runsTrue());
            commands.run(spawnTrue);
        }
        ProcessFootprint before = ProcessFootprint.now();
        Rounds run = new Rounds(rounds);
        long[] spawn = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            run.set(i, contenders.run(bundles.runsTrue()));
            spawn[i] = commands.run(spawnTrue);
        }
        contenders.startSleepers(bundles.runsSleep());
        for (int i = 0; i < warmup; i++) {
            contenders.exec();
        }
        Rounds exec = new Rounds(rounds);
        for (int i = 0; i < rounds; i++) {
            exec.set(i, contenders.exec());
        }
        contenders.deleteAll();
        return new Results(run, exec, Latencies.of(spawn), before, ProcessFootprint.now());
    }

    private void report(Results r) {
        boolean cli = berthRunc != null;
        System.out.printf(Locale.ROOT, "Medians (p90) in ms, %d timed calls each after %d untimed, interleaved call by call.%n%n",
                rounds, warmup);
        System.out.println(cli
                ? "| operation | berth, in a running JVM | runc | berth-runc, a JVM per call | in-JVM / runc | berth-runc / runc |\n|---|---|---|---|---|---|"
                : "| operation | berth, in a running JVM | runc | in-JVM / runc |\n|---|---|---|---|");
        row("`run` of `true` (create, start, wait, delete)", r.run(), cli);
        row("`exec` of `true` into a running container", r.exec(), cli);
        r.run().steps().ifPresent(steps -> System.out.printf(Locale.ROOT,
                "%nThe in-process `run`, step by step (medians, ms): create %.1f, start %.1f, wait %.1f, delete %.1f.%n",
                median(steps, RunSteps::create), median(steps, RunSteps::start), median(steps, RunSteps::await),
                median(steps, RunSteps::delete)));
        System.out.printf(Locale.ROOT, "%nEach runc%s call is timed from this JVM, spawn to exit; spawning `/bin/true` the same way takes %s.%n",
                cli ? " and berth-runc" : "", cell(r.spawn()));
        ProcessFootprint b = r.before();
        ProcessFootprint a = r.after();
        System.out.printf(Locale.ROOT, "%nThis JVM after the warm-up and at the end: fds %d -> %d, Java threads %d -> %d, "
                        + "mounts %d -> %d, RSS %d -> %d MiB (peak %d MiB).%n",
                b.fds(), a.fds(), b.threads(), a.threads(), b.mounts(), a.mounts(),
                b.rssKiB() / 1024, a.rssKiB() / 1024, a.peakRssKiB() / 1024);
        if (a.grewSince(b)) {
            System.err.println("warning: this JVM holds more fds or mounts than after the warm-up");
        }
    }

    private static void row(String operation, Rounds rounds, boolean cli) {
        Latencies berth = Latencies.of(rounds.inProcess());
        Latencies runc = Latencies.of(rounds.runc());
        if (cli) {
            Latencies perCall = Latencies.of(rounds.cli());
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.2fx | %.2fx |%n", operation, cell(berth), cell(runc),
                    cell(perCall), berth.ratioTo(runc), perCall.ratioTo(runc));
        } else {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2fx |%n", operation, cell(berth), cell(runc), berth.ratioTo(runc));
        }
    }

    private static double median(RunSteps[] steps, ToLongFunction<RunSteps> step) {
        long[] nanos = new long[steps.length];
        for (int i = 0; i < steps.length; i++) {
            nanos[i] = step.applyAsLong(steps[i]);
        }
        return Latencies.of(nanos).medianMillis();
    }

    private static String cell(Latencies l) {
        return String.format(Locale.ROOT, "%.1f (%.1f)", l.medianMillis(), l.p90Millis());
    }

    private record Results(Rounds run, Rounds exec, Latencies spawn, ProcessFootprint before, ProcessFootprint after) {}
}
