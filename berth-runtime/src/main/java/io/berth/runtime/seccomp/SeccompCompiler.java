package io.berth.runtime.seccomp;

import io.berth.linux.LibSeccomp;
import io.berth.linux.SeccompFilter;
import io.berth.linux.SyscallException;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecException;
import io.berth.runtime.spec.SpecException.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compiles linux.seccomp to a {@link SeccompProgram} with libseccomp. Everything the kernel
 * would refuse later is checked here and reported as a {@link SpecException} naming the JSON
 * pointer of each problem; nothing is installed.
 */
public final class SeccompCompiler {
    private static final String POINTER = "/linux/seccomp";
    /** From runc: more rules than this are worth a binary tree; it also avoids libseccomp's bug with none. */
    private static final int BINARY_TREE_THRESHOLD = 32;

    private SeccompCompiler() {}

    /**
     * @throws SpecException for an unknown or unsupported action, operator, architecture or flag,
     *         an argument index above 5, or a rule libseccomp rejects
     * @throws IllegalStateException if libseccomp.so.2 is not installed
     */
    public static SeccompProgram compile(Seccomp spec) {
        Objects.requireNonNull(spec, "spec");
        List<SpecProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int defaultAction = collect(problems, 0, () -> SeccompAction.resolve(spec.defaultAction(),
                spec.defaultErrnoRet(), POINTER + "/defaultAction", POINTER + "/defaultErrnoRet"));
        int flags = collect(problems, 0, () -> SeccompFlags.resolve(spec.flags(), POINTER + "/flags", warnings));
        List<Integer> arches = new ArrayList<>();
        for (int i = 0; i < spec.architectures().size(); i++) {
            String at = POINTER + "/architectures/" + i;
            String name = spec.architectures().get(i);
            arches.add(collect(problems, 0, () -> SeccompArchitectures.token(name, at)));
        }
        if (spec.listenerPath() != null && !spec.listenerPath().isEmpty()) {
            warnings.add(POINTER + "/listenerPath: ignored: SCMP_ACT_NOTIFY is unsupported");
        }
        List<SeccompRule> rules = SeccompRules.plan(spec.syscalls(), defaultAction,
                POINTER + "/syscalls", skipped, problems);
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        byte[] bpf = build(defaultAction, arches, rules);
        if (EnosysStub.wanted(defaultAction)) {
            List<Integer> stubArches = new ArrayList<>(List.of(LibSeccomp.nativeArch()));
            arches.stream().filter(a -> !stubArches.contains(a)).forEach(stubArches::add);
            List<String> names = spec.syscalls().stream().flatMap(s -> s.names().stream())
                    .filter(Objects::nonNull).distinct().toList();
            bpf = EnosysStub.prepend(EnosysStub.lastSyscalls(stubArches, names), bpf);
        }
        if (bpf.length / 8 > SeccompFilter.MAX_INSTRUCTIONS) {
            throw new SpecException(POINTER, "compiles to " + bpf.length / 8
                    + " BPF instructions; the kernel takes at most " + SeccompFilter.MAX_INSTRUCTIONS);
        }
        return new SeccompProgram(bpf, flags, warnings, skipped);
    }

    private static byte[] build(int defaultAction, List<Integer> arches, List<SeccompRule> rules) {
        try (LibSeccomp.Filter filter = LibSeccomp.newFilter(defaultAction)) {
            // the runtime sets no_new_privs itself, only when process.noNewPrivileges asks
            filter.setNoNewPrivsOnLoad(false);
            if (rules.size() > BINARY_TREE_THRESHOLD) {
                filter.optimizeAsBinaryTree(); // without it each syscall runs more checks; still correct
            }
            arches.forEach(filter::addArch);
            for (SeccompRule rule : rules) {
                try {
                    filter.addRule(rule.action(), rule.number(), rule.conditions());
                } catch (SyscallException e) {
                    throw new SpecException(rule.pointer(), "libseccomp refused the rule for "
                            + rule.syscall() + ": " + e.getMessage());
                }
            }
            return filter.exportBpf();
        }
    }

    /** The value, or {@code fallback} after recording its problems, so all are reported at once. */
    private static int collect(List<SpecProblem> problems, int fallback, java.util.function.IntSupplier step) {
        try {
            return step.getAsInt();
        } catch (SpecException e) {
            problems.addAll(e.problems());
            return fallback;
        }
    }
}
