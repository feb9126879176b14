package io.berth.bench;

import io.berth.linux.ExitStatus;
import io.berth.linux.Processes;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.CreateOptions;
import io.berth.runtime.ExecOptions;
import io.berth.runtime.seccomp.SeccompProgramCache;
import io.berth.runtime.spec.Process;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Berth's runtime library called from this JVM, as a daemon that is already running calls it:
 * no process start, no class loading or linking after the warm-up, the JIT's code in place.
 */
final class InProcessRuntime {
    private final ContainerRuntime runtime;
    /** Detached containers' processes, by container id: our children, for us to reap. */
    private final Map<String, Integer> running = new HashMap<>();

    InProcessRuntime(Path root) {
        // as an engine would: every container's program compiled once per profile
        this.runtime = new ContainerRuntime(root, warning -> System.err.println("berth: warning: " + warning),
                message -> {}, new SeccompProgramCache(16));
    }

    /** create, start, wait and delete, as `berth-runc run` does them. */
    RunSteps run(Path bundle, String id) {
        long t0 = System.nanoTime();
        ContainerRuntime.Created created = runtime.create(id, options(bundle));
        long t1;
        long t2;
        long t3;
        ExitStatus status;
        try {
            t1 = System.nanoTime();
            runtime.start(id);
            t2 = System.nanoTime();
            status = Processes.waitFor(created.childPid());
            t3 = System.nanoTime();
        } finally {
            runtime.delete(id, true);
        }
        long t4 = System.nanoTime();
        requireSuccess(status, "run " + id);
        return new RunSteps(t1 - t0, t2 - t1, t3 - t2, t4 - t3);
    }

    /** create and start, leaving the container running. */
    void runDetached(Path bundle, String id) {
        running.put(id, runtime.create(id, options(bundle)).childPid());
        runtime.start(id);
    }

    /** A process in the running container, as `runc exec ID ARGS...` starts it, waited for. */
    long exec(String id, String... args) {
        long start = System.nanoTime();
        Process process = runtime.spec(id).process().withArgs(List.of(args));
        int pid = runtime.exec(id, process, new ExecOptions(null, 0, null, false, false));
        ExitStatus status = Processes.waitFor(pid);
        long elapsed = System.nanoTime() - start;
        requireSuccess(status, "exec " + id + " " + String.join(" ", args));
        return elapsed;
    }

    /** Kills and deletes the container; its process is our child, so we reap it too. */
    void deleteForce(String id) {
        runtime.delete(id, true);
        Integer child = running.remove(id);
        if (child != null) {
            Processes.waitFor(child);
        }
    }

    private static CreateOptions options(Path bundle) {
        return new CreateOptions(bundle, null, 0, false, false);
    }

    private static void requireSuccess(ExitStatus status, String what) {
        if (status.shellCode() != 0) {
            throw new IllegalStateException(what + ": the container's process exited " + status.shellCode());
        }
    }
}
