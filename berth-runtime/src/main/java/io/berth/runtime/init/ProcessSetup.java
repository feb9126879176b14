package io.berth.runtime.init;

import io.berth.linux.Capability;
import io.berth.linux.CpuAffinity;
import io.berth.linux.Personality;
import io.berth.linux.Errno;
import io.berth.linux.FileCalls;
import io.berth.linux.Processes;
import io.berth.linux.SeccompFilter;
import io.berth.linux.Signals;
import io.berth.linux.Prctl;
import io.berth.linux.Rlimit;
import io.berth.linux.SyscallException;
import io.berth.linux.ThreadCredentials;
import io.berth.runtime.spec.Capabilities;
import io.berth.runtime.spec.Linux;
import io.berth.runtime.spec.PosixRlimit;
import io.berth.runtime.spec.Process;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

/** The process attributes of config.json applied to the calling thread (or process). */
final class ProcessSetup {
    private ProcessSetup() {}

    /**
     * Process-wide resource limits of {@code pid} (0: the caller); a hard limit above the host's
     * is refused clearly.
     */
    static void rlimits(int pid, List<PosixRlimit> rlimits) {
        for (PosixRlimit r : rlimits) {
            Rlimit limit = Rlimit.valueOf(r.type());
            try {
                limit.set(pid, r.soft(), r.hard());
            } catch (SyscallException e) {
                if (e.is(Errno.EPERM)) {
                    long max = limit.hard(pid);
                    throw new IllegalStateException("rlimit " + r.type() + ": cannot raise the hard limit to "
                            + unsigned(r.hard()) + ", above this host's " + unsigned(max)
                            + " (the runtime lacks CAP_SYS_RESOURCE)");
                }
                throw e;
            }
        }
    }

    /**
     * {@link #rlimits} of {@code pid}, which already runs as {@code process}'s user: prlimit(2)
     * on another process wants our real ids to be its ids (we lack CAP_SYS_RESOURCE), so this
     * changes the calling thread's real ids for the call. A throwaway thread only.
     */
    static void rlimitsOfWorkload(int pid, Process process) {
        if (process.user() != null) {
            ThreadCredentials.setRealIds((int) process.user().uid(), (int) process.user().gid());
        }
        try {
            rlimits(pid, process.rlimits());
        } finally {
            ThreadCredentials.setRealIds(0, 0);
        }
    }

    static void oomScoreAdj(int pid, Integer adj) {
        if (adj == null) {
            return;
        }
        try {
            Files.writeString(Path.of("/proc/" + (pid == 0 ? "self" : Integer.toString(pid)) + "/oom_score_adj"),
                    adj.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set oom_score_adj to " + adj, e);
        }
    }

    /**
     * process.scheduler and process.ioPriority on thread {@code tid} (0: the calling thread);
     * before the capability drop, since a real-time class needs CAP_SYS_NICE (or CAP_SYS_ADMIN).
     */
    static void scheduling(int tid, Process process) {
        if (process.scheduler() != null) {
            try {
                process.scheduler().toKernel().applyTo(tid);
            } catch (SyscallException e) {
                String policy = process.scheduler().policy();
                String hint = e.is(Errno.EPERM) && (policy.equals("SCHED_FIFO") || policy.equals("SCHED_RR"))
                        ? " (where the kernel budgets real-time tasks per cgroup, the container needs"
                        + " linux.resources.cpu.realtimeRuntime)" : "";
                throw new IllegalStateException("process.scheduler: cannot apply " + policy + ": " + e.getMessage()
                        + hint, e);
            }
        }
        if (process.ioPriority() != null) {
            try {
                process.ioPriority().toKernel().applyTo(tid);
            } catch (SyscallException e) {
                throw new IllegalStateException("process.ioPriority: cannot apply " + process.ioPriority().clazz()
                        + " level " + process.ioPriority().priority() + ": " + e.getMessage(), e);
            }
        }
    }

    /** linux.personality on the calling thread; what it execs or spawns inherits it. */
    static void personality(Linux.Personality personality) {
        if (personality != null) {
            Personality.set(personality.persona());
        }
    }

    /** One of execCPUAffinity's CPU sets on the calling thread; null leaves the affinity alone. */
    static void cpuAffinity(BitSet cpus, String which) {
        if (cpus == null) {
            return;
        }
        try {
            CpuAffinity.set(0, cpus);
        } catch (SyscallException e) {
            throw new IllegalStateException("process.execCPUAffinity." + which + ": cannot run on CPUs " + cpus
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Switches the calling thread to the container user and capability sets: bounding set
     * first (needs CAP_SETPCAP), then ids with KEEPCAPS, then capset and the ambient set.
     */
    static void identity(Process process) {
        Capabilities caps = process.capabilities();
        // "all capabilities" can only mean all this host still has in its bounding set
        long available = 0;
        for (int cap = 0; cap <= Capability.lastOnHost(); cap++) {
            if (ThreadCredentials.inBounding(cap)) {
                available |= 1L << cap;
            }
        }
        if (caps != null) {
            long bounding = mask(caps.bounding());
            int last = Capability.lastOnHost();
            for (int cap = 0; cap <= last; cap++) {
                if ((bounding & (1L << cap)) == 0 && ThreadCredentials.inBounding(cap)) {
                    ThreadCredentials.dropBounding(cap);
                }
            }
        }
        Prctl.setKeepCapabilities(true);
        if (process.user() != null) {
            int[] groups = process.user().additionalGids().stream().mapToInt(Long::intValue).toArray();
            ThreadCredentials.setGroups(groups);
            ThreadCredentials.setGid((int) process.user().gid());
            ThreadCredentials.setUid((int) process.user().uid());
        } else {
            ThreadCredentials.setGroups(new int[0]);
        }
        Prctl.setKeepCapabilities(false);
        if (caps != null) {
            ThreadCredentials.setCapabilities(mask(caps.effective()) & available, mask(caps.permitted()) & available,
                    mask(caps.inheritable()) & available);
            ThreadCredentials.clearAmbient();
            for (String name : caps.ambient()) {
                Capability c = Capability.parse(name).orElseThrow();
                // the kernel only raises what is permitted and inheritable; runc skips the rest too
                long inheritable = mask(caps.inheritable());
                if ((available & c.bit()) != 0 && (inheritable & c.bit()) != 0) {
                    ThreadCredentials.raiseAmbient(c.number());
                }
            }
        }
    }

    /**
     * The calling thread becomes the workload's: seccomp (before the capability drop when
     * no_new_privs is off, since installing then needs CAP_SYS_ADMIN; otherwise last, so the
     * filter sees only the workload), user and capabilities, umask, no_new_privs.
     */
    static void takeOnWorkloadIdentity(Process process, byte[] seccompBpf, int seccompFlags) {
        boolean seccomp = seccompBpf != null;
        if (seccomp && !process.noNewPrivs()) {
            SeccompFilter.install(seccompBpf, seccompFlags);
        }
        identity(process);
        FileCalls.umask(process.user() != null && process.user().umask() != null ? process.user().umask() : 0022);
        if (process.noNewPrivs()) {
            Prctl.setNoNewPrivileges();
            if (seccomp) {
                SeccompFilter.install(seccompBpf, seccompFlags);
            }
        }
    }

    /**
     * The last steps on the exec thread, shared by the init and exec stages: the workload's
     * identity, close-on-exec for every fd past the preserved ones, then execve.
     */
    static void becomeWorkload(Process process, String executable, byte[] seccompBpf, int seccompFlags,
                               int preserveFds) {
        takeOnWorkloadIdentity(process, seccompBpf, seccompFlags);
        FileCalls.cloexecFrom(3 + preserveFds);
        Signals.resetForExec();
        Processes.exec(executable, process.args(), process.env());
    }

    static long mask(List<String> names) {
        long mask = 0;
        for (String name : names) {
            mask |= Capability.parse(name).map(Capability::bit).orElse(0L);
        }
        return mask;
    }

    private static String unsigned(long v) {
        return v == -1 ? "unlimited" : Long.toUnsignedString(v);
    }
}
