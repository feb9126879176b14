package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.linux.SchedulingPolicy;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** The container process (config.md#process); also the shape of an exec's process.json. */
public record Process(Boolean terminal, ConsoleSize consoleSize, User user, List<String> args,
                      String commandLine, List<String> env, String cwd, Capabilities capabilities,
                      List<PosixRlimit> rlimits, Boolean noNewPrivileges, String apparmorProfile,
                      Integer oomScoreAdj, String selinuxLabel, IoPriority ioPriority,
                      Scheduler scheduler, ExecCpuAffinity execCPUAffinity) {
    public Process {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
    }

    public boolean hasTerminal() {
        return Boolean.TRUE.equals(terminal);
    }

    public boolean noNewPrivs() {
        return Boolean.TRUE.equals(noNewPrivileges);
    }

    /** This process with other args (and no Windows commandLine): an exec of the container's process settings. */
    public Process withArgs(List<String> newArgs) {
        return new Process(terminal, consoleSize, user, newArgs, null, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity);
    }

    public record ConsoleSize(int height, int width) {}

    /** process.ioPriority: a class name of ioprio_set(2) and a level from 0 (highest) to 7. */
    public record IoPriority(@JsonProperty("class") String clazz, int priority) {
        static final Map<String, Integer> CLASSES = Map.of("IOPRIO_CLASS_RT", io.berth.linux.IoPriority.CLASS_RT,
                "IOPRIO_CLASS_BE", io.berth.linux.IoPriority.CLASS_BE,
                "IOPRIO_CLASS_IDLE", io.berth.linux.IoPriority.CLASS_IDLE);

        /** What ioprio_set takes; only for a validated spec. */
        public io.berth.linux.IoPriority toKernel() {
            return new io.berth.linux.IoPriority(CLASSES.get(clazz), priority);
        }
    }

    /** process.scheduler: sched_setattr(2)'s policy, flags and parameters by their names. */
    public record Scheduler(String policy, Integer nice, Integer priority, List<String> flags,
                            Long runtime, Long deadline, Long period) {
        static final Map<String, Integer> POLICIES = Map.of("SCHED_OTHER", SchedulingPolicy.SCHED_OTHER,
                "SCHED_FIFO", SchedulingPolicy.SCHED_FIFO, "SCHED_RR", SchedulingPolicy.SCHED_RR,
                "SCHED_BATCH", SchedulingPolicy.SCHED_BATCH, "SCHED_ISO", SchedulingPolicy.SCHED_ISO,
                "SCHED_IDLE", SchedulingPolicy.SCHED_IDLE, "SCHED_DEADLINE", SchedulingPolicy.SCHED_DEADLINE);
        static final Map<String, Long> FLAGS = Map.of(
                "SCHED_FLAG_RESET_ON_FORK", SchedulingPolicy.FLAG_RESET_ON_FORK,
                "SCHED_FLAG_RECLAIM", SchedulingPolicy.FLAG_RECLAIM,
                "SCHED_FLAG_DL_OVERRUN", SchedulingPolicy.FLAG_DL_OVERRUN,
                "SCHED_FLAG_KEEP_POLICY", SchedulingPolicy.FLAG_KEEP_POLICY,
                "SCHED_FLAG_KEEP_PARAMS", SchedulingPolicy.FLAG_KEEP_PARAMS,
                "SCHED_FLAG_UTIL_CLAMP_MIN", SchedulingPolicy.FLAG_UTIL_CLAMP_MIN,
                "SCHED_FLAG_UTIL_CLAMP_MAX", SchedulingPolicy.FLAG_UTIL_CLAMP_MAX);

        public Scheduler {
            flags = flags == null ? List.of() : List.copyOf(flags);
        }

        /** What sched_setattr takes; only for a validated spec. */
        public SchedulingPolicy toKernel() {
            long flagBits = 0;
            for (String f : flags) {
                flagBits |= FLAGS.get(f);
            }
            return new SchedulingPolicy(POLICIES.get(policy), flagBits, nice == null ? 0 : nice,
                    priority == null ? 0 : priority, runtime == null ? 0 : runtime,
                    deadline == null ? 0 : deadline, period == null ? 0 : period);
        }
    }

    /**
     * process.execCPUAffinity, for exec only: the CPUs the new process runs on before it joins
     * the container's cgroup, and after.
     */
    public record ExecCpuAffinity(String initial, @JsonProperty("final") String cpuAffinityFinal) {
        public BitSet initialCpus() {
            return initial == null || initial.isBlank() ? null : CpuList.parse(initial);
        }

        public BitSet finalCpus() {
            return cpuAffinityFinal == null || cpuAffinityFinal.isBlank() ? null : CpuList.parse(cpuAffinityFinal);
        }
    }
}
