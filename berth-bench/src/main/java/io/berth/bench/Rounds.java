package io.berth.bench;

import java.util.Optional;

/** The timings of one operation, per contender, round by round. */
final class Rounds {
    /**
     * One round: each contender's nanoseconds (0 for a contender that is not measured), and
     * the in-process call's steps where it has them (null for exec).
     */
    record Round(long inProcess, long runc, long cli, RunSteps steps) {}

    private final long[] inProcess;
    private final long[] runc;
    private final long[] cli;
    private final RunSteps[] steps;

    Rounds(int count) {
        inProcess = new long[count];
        runc = new long[count];
        cli = new long[count];
        steps = new RunSteps[count];
    }

    void set(int index, Round round) {
        inProcess[index] = round.inProcess();
        runc[index] = round.runc();
        cli[index] = round.cli();
        steps[index] = round.steps();
    }

    /** The in-process calls' steps, or nothing if they were not recorded. */
    Optional<RunSteps[]> steps() {
        for (RunSteps s : steps) {
            if (s == null) {
                return Optional.empty();
            }
        }
        return Optional.of(steps.clone());
    }

    long[] inProcess() {
        return inProcess.clone();
    }

    long[] runc() {
        return runc.clone();
    }

    long[] cli() {
        return cli.clone();
    }
}
