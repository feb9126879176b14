package io.berth.runtime.seccomp;

import io.berth.linux.LibSeccomp.ArgCompare;
import io.berth.linux.LibSeccomp.Compare;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The args of one linux.seccomp.syscalls entry as the condition lists of libseccomp rules. */
final class SeccompConditions {
    private static final int MAX_ARG_INDEX = 5;
    private static final String OP_PREFIX = "SCMP_CMP_";

    private SeccompConditions() {}

    /**
     * One list per rule to add. As runc does: when two args share an index, every condition
     * becomes a rule of its own (they OR); otherwise all conditions go on one rule (they AND).
     * No args gives one unconditional rule.
     *
     * @param pointer the syscalls entry, e.g. {@code /linux/seccomp/syscalls/3}
     */
    static List<List<ArgCompare>> rules(List<Seccomp.Arg> args, String pointer) {
        List<ArgCompare> conditions = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        boolean repeated = false;
        for (int i = 0; i < args.size(); i++) {
            ArgCompare condition = condition(args.get(i), pointer + "/args/" + i);
            repeated |= !indexes.add(condition.arg());
            conditions.add(condition);
        }
        if (!repeated) {
            return List.of(List.copyOf(conditions));
        }
        return conditions.stream().map(List::of).toList();
    }

    private static ArgCompare condition(Seccomp.Arg arg, String pointer) {
        if (arg.index() < 0 || arg.index() > MAX_ARG_INDEX) {
            throw new SpecException(pointer + "/index",
                    "argument index " + arg.index() + " out of 0.." + MAX_ARG_INDEX);
        }
        // MASKED_EQ reads (arg & value) == valueTwo; the others ignore valueTwo
        long valueTwo = arg.valueTwo() == null ? 0 : arg.valueTwo();
        return new ArgCompare(arg.index(), operator(arg.op(), pointer + "/op"), arg.value(), valueTwo);
    }

    private static Compare operator(String op, String pointer) {
        if (op == null) {
            throw new SpecException(pointer, "missing operator");
        }
        if (op.startsWith(OP_PREFIX)) {
            for (Compare compare : Compare.values()) {
                if (compare.name().equals(op.substring(OP_PREFIX.length()))) {
                    return compare;
                }
            }
        }
        throw new SpecException(pointer, "unknown operator " + op);
    }
}
