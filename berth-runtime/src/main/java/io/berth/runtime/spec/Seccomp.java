package io.berth.runtime.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/** linux.seccomp (config-linux.md#seccomp). Actions are SCMP_ACT_*; ops are SCMP_CMP_*. */
public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                      List<String> flags, String listenerPath, String listenerMetadata,
                      List<Syscall> syscalls) {
    public Seccomp {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    public record Arg(int index,
                      @JsonDeserialize(using = UnsignedLongDeserializer.class) long value,
                      @JsonDeserialize(using = UnsignedLongDeserializer.class) Long valueTwo,
                      String op) {}
}
