package io.berth.runtime.seccomp;

import io.berth.linux.LibSeccomp;
import io.berth.linux.LibSeccomp.ArgCompare;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecException;
import io.berth.runtime.spec.SpecException.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** linux.seccomp.syscalls as a flat list of libseccomp rules. */
final class SeccompRules {
    private SeccompRules() {}

    /**
     * The rules for {@code syscalls}; each entry's problems go to {@code problems} so one
     * error report names all of them. Unknown syscall names go to {@code skipped}.
     */
    static List<SeccompRule> plan(List<Seccomp.Syscall> syscalls, int defaultAction, String pointer,
                                  List<String> skipped, List<SpecProblem> problems) {
        List<SeccompRule> rules = new ArrayList<>();
        for (int i = 0; i < syscalls.size(); i++) {
            try {
                rules.addAll(entry(syscalls.get(i), defaultAction, pointer + "/" + i, skipped));
            } catch (SpecException e) {
                problems.addAll(e.problems());
            }
        }
        return rules;
    }

    private static List<SeccompRule> entry(Seccomp.Syscall call, int defaultAction, String at,
                                           List<String> skipped) {
        int action = SeccompAction.resolve(call.action(), call.errnoRet(), at + "/action", at + "/errnoRet");
        List<List<ArgCompare>> conditionSets = SeccompConditions.rules(call.args(), at);
        if (call.names().isEmpty()) {
            throw new SpecException(at + "/names", "no syscall names");
        }
        if (action == defaultAction) {
            return List.of(); // libseccomp refuses a rule that changes nothing; runc skips it too
        }
        List<SeccompRule> rules = new ArrayList<>();
        for (int j = 0; j < call.names().size(); j++) {
            String name = call.names().get(j);
            String namePointer = at + "/names/" + j;
            if (name == null || name.isBlank()) {
                throw new SpecException(namePointer, "empty syscall name");
            }
            OptionalInt number = LibSeccomp.resolveSyscall(name);
            if (number.isEmpty()) {
                // as runc: profiles name syscalls newer than this host's libseccomp
                skipped.add(namePointer + ": unknown syscall " + name + " skipped");
                continue;
            }
            for (List<ArgCompare> conditions : conditionSets) {
                rules.add(new SeccompRule(namePointer, name, number.getAsInt(), action, conditions));
            }
        }
        return rules;
    }
}
