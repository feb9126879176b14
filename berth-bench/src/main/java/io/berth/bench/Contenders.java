package io.berth.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The runtimes being compared, called in the same order in every round so that the machine's
 * drift hits each alike. Every container id is recorded before the call that creates it, so
 * {@link #deleteAll} can remove whatever a failure or an interrupt left behind.
 */
final class Contenders {
    private final InProcessRuntime berth;
    private final CliRuntime runc;
    private final CliRuntime berthRunc;
    private final String prefix = "bench-" + ProcessHandle.current().pid() + "-";
    private final Set<String> live = new LinkedHashSet<>();
    private int next;
    private String berthSleeper;
    private String runcSleeper;
    private String berthRuncSleeper;

    /** {@code berthRunc} may be null: then bin/berth-runc is not measured. */
    Contenders(InProcessRuntime berth, CliRuntime runc, CliRuntime berthRunc) {
        this.berth = berth;
        this.runc = runc;
        this.berthRunc = berthRunc;
    }

    Rounds.Round run(Path bundle) {
        String id = track("b");
        RunSteps steps = berth.run(bundle, id);
        forget(id);
        id = track("r");
        long r = runc.run(bundle, id);
        forget(id);
        long cli = 0;
        if (berthRunc != null) {
            id = track("c");
            cli = berthRunc.run(bundle, id);
            forget(id);
        }
        return new Rounds.Round(steps.total(), r, cli, steps);
    }

    /** One detached container per contender, for {@link #exec} to enter. */
    void startSleepers(Path bundle) {
        berthSleeper = track("b");
        berth.runDetached(bundle, berthSleeper);
        runcSleeper = track("r");
        runc.runDetached(bundle, runcSleeper);
        if (berthRunc != null) {
            berthRuncSleeper = track("c");
            berthRunc.runDetached(bundle, berthRuncSleeper);
        }
    }

    Rounds.Round exec() {
        long inProcess = berth.exec(berthSleeper, "true");
        long r = runc.exec(runcSleeper, "true");
        long cli = berthRunc == null ? 0 : berthRunc.exec(berthRuncSleeper, "true");
        return new Rounds.Round(inProcess, r, cli, null);
    }

    /** Forcibly deletes every container that may exist; reports, but survives, failures. */
    synchronized void deleteAll() {
        for (String id : new ArrayList<>(live)) {
            try {
                switch (id.charAt(prefix.length())) {
                    case 'b' -> berth.deleteForce(id);
                    case 'r' -> runc.deleteForce(id);
                    default -> berthRunc.deleteForce(id);
                }
                live.remove(id);
            } catch (RuntimeException e) {
                System.err.println("could not delete container " + id + ": " + e.getMessage());
            }
        }
    }

    private synchronized String track(String contender) {
        String id = prefix + contender + "-" + next++;
        live.add(id);
        return id;
    }

    private synchronized void forget(String id) {
        live.remove(id);
    }
}
