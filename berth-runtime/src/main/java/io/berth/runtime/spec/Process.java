package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The container process (config.md#process); also the shape of an exec's process.json. */
public record Process(Boolean terminal, ConsoleSize consoleSize, User user, List<String> args,
                      String commandLine, List<String> env, String cwd, Capabilities capabilities,
                      List<PosixRlimit> rlimits, Boolean noNewPrivileges, String apparmorProfile,
                      Integer oomScoreAdj, String selinuxLabel, IoPriority ioPriority,
                      Scheduler scheduler, List<ExecCpuAffinity> execCPUAffinity) {
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

    public record ConsoleSize(int height, int width) {}

    public record IoPriority(@JsonProperty("class") String clazz, int priority) {}

    public record Scheduler(String policy, Integer nice, Integer priority, List<String> flags,
                            Long runtime, Long deadline, Long period) {}

    public record ExecCpuAffinity(String initial, @JsonProperty("final") String cpuAffinityFinal) {}
}
