package io.berth.runtime.init;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespace;
import io.berth.linux.Namespaces;
import io.berth.linux.Prctl;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.SpecReader;
import java.nio.charset.StandardCharsets;

/**
 * The exec stage: born in the container's pid, net, ipc, uts and cgroup namespaces, it enters
 * the container's mount namespace on its main thread only (the rest of the JVM keeps seeing
 * the host's files), then becomes the new process with execve from that thread.
 * Protocol: {@link SyncMessage.ExecBootstrap}.
 */
public final class ExecStage {
    private ExecStage() {}

    public static void main(int syncFd) {
        Prctl.setDumpable(false);
        SyncChannel channel = new SyncChannel(Fd.adopt(syncFd));
        try {
            run(channel, channel.expect(SyncMessage.ExecBootstrap.class));
        } catch (Throwable t) {
            try {
                channel.send(new SyncMessage.Failure(t.getMessage() == null ? t.toString() : t.getMessage()));
            } catch (RuntimeException ignored) {
                // stage 0 is gone
            }
            Runtime.getRuntime().halt(1);
        }
    }

    private static void run(SyncChannel channel, SyncMessage.ExecBootstrap bootstrap) {
        Process process = SpecReader.parse(bootstrap.processJson().getBytes(StandardCharsets.UTF_8), Process.class);
        if (process.execCPUAffinity() != null) {
            // the exec thread is the one that becomes the process: its affinity is what it keeps
            ProcessSetup.cpuAffinity(process.execCPUAffinity().initialCpus(), "initial");
        }
        // our own fs context first: setns(mnt) refuses a thread that shares it
        Namespaces.unshareFlags(Namespaces.CLONE_FS, "CLONE_FS");
        try (Fd mnt = Fd.adopt(bootstrap.mountNsFd())) {
            Namespaces.join(Namespace.MOUNT, mnt);
        }
        if (process.hasTerminal()) {
            if (bootstrap.consoleSocketFd() < 0) {
                throw new IllegalStateException("process.terminal is true but no console socket was given");
            }
            ConsoleSetup.attach(Fd.adopt(bootstrap.consoleSocketFd()), process);
        }
        FileCalls.chdir(process.cwd());
        String executable = ExecutableLookup.find(process.args().getFirst(), process.env());
        ProcessSetup.oomScoreAdj(0, process.oomScoreAdj());
        ProcessSetup.rlimits(0, process.rlimits());
        channel.send(new SyncMessage.Ready());
        channel.expect(SyncMessage.Proceed.class);
        // now in the container's cgroup, whose cpuset reset our affinity on the move
        if (process.execCPUAffinity() != null) {
            ProcessSetup.cpuAffinity(process.execCPUAffinity().finalCpus(), "final");
        }
        ProcessSetup.scheduling(0, process);
        // the sync socket is close-on-exec: stage 0 reads end-of-file once execve succeeded
        ProcessSetup.becomeWorkload(process, executable, bootstrap.seccompBpf(), bootstrap.seccompFlags(),
                bootstrap.preserveFds());
    }
}
