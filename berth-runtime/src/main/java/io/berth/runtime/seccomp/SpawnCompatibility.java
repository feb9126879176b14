package io.berth.runtime.seccomp;

import io.berth.linux.Errno;
import io.berth.linux.LibSeccomp;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a container's seccomp filter lets a runtime thread go on after installing it: spawn
 * the workload with posix_spawn (the parent's and the child's calls, up to execve) and then end
 * as a JVM thread. Only then may the filter be installed on a thread of the runtime's own JVM;
 * otherwise the workload needs an init stage of its own.
 */
public final class SpawnCompatibility {
    private static final long CLONE_VM = 0x100;
    private static final long CLONE_VFORK = 0x4000;
    private static final long SIGCHLD = 17;

    /** A call and representative arguments; glibc's posix_spawn clone flags are the ones that matter. */
    private record Call(String name, long... args) {}

    private static final List<Call> CALLS = List.of(
            // posix_spawn in the parent thread
            new Call("mmap"), new Call("munmap"), new Call("mprotect"), new Call("rt_sigprocmask"),
            new Call("clone", CLONE_VM | CLONE_VFORK | SIGCHLD),
            // the child, from fork to exec
            new Call("rt_sigaction"), new Call("setsid"), new Call("fchdir"), new Call("chdir"),
            new Call("openat"), new Call("close"), new Call("close_range"), new Call("dup2"), new Call("dup3"),
            new Call("fcntl"), new Call("execve"), new Call("exit_group"),
            // the JVM thread afterwards: parking, stack release, exit
            new Call("futex"), new Call("madvise"), new Call("sched_yield"), new Call("exit"),
            new Call("gettid"), new Call("getpid"));

    private SpawnCompatibility() {}

    /** Empty when the runtime thread can install {@code program}; otherwise which call it would break. */
    public static Optional<String> problem(SeccompProgram program) {
        OptionalInt arch = nativeArch();
        if (arch.isEmpty()) {
            return Optional.of("the host architecture is unknown to libseccomp");
        }
        byte[] bpf = program.bpf();
        for (Call call : CALLS) {
            OptionalInt nr = LibSeccomp.resolveSyscall(call.name());
            if (nr.isEmpty() || nr.getAsInt() < 0) {
                continue; // not a call on this architecture (dup2 on arm64)
            }
            OptionalInt action = BpfEvaluator.evaluate(bpf, nr.getAsInt(), arch.getAsInt(), call.args());
            if (action.isEmpty() || !allows(action.getAsInt())) {
                return Optional.of("the filter does not allow " + call.name());
            }
        }
        // glibc tries clone3 first and falls back to clone only when told ENOSYS
        OptionalInt clone3 = LibSeccomp.resolveSyscall("clone3");
        if (clone3.isPresent() && clone3.getAsInt() >= 0) {
            OptionalInt action = BpfEvaluator.evaluate(bpf, clone3.getAsInt(), arch.getAsInt());
            if (action.isEmpty() || !(allows(action.getAsInt())
                    || action.getAsInt() == LibSeccomp.actErrno(Errno.ENOSYS))) {
                return Optional.of("the filter refuses clone3 with an error other than ENOSYS");
            }
        }
        return Optional.empty();
    }

    private static boolean allows(int action) {
        return action == LibSeccomp.ACT_ALLOW || action == LibSeccomp.ACT_LOG;
    }

    private static OptionalInt nativeArch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> LibSeccomp.resolveArch("x86_64");
            case "aarch64", "arm64" -> LibSeccomp.resolveArch("aarch64");
            default -> OptionalInt.empty();
        };
    }
}
