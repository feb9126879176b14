package io.berth.runtime.seccomp;

import io.berth.runtime.spec.Seccomp;
import java.util.List;

/**
 * A linux.seccomp section as one string that two profiles share only if they are the same
 * profile, whatever the JSON's spacing or key order: every field, each string length-prefixed
 * so no two profiles can run together into the same text. Written by hand, not with a record's
 * toString, whose first use in a JVM links ObjectMethods (~9 ms) in every berth-runc create.
 */
final class SeccompProfileKey {
    private SeccompProfileKey() {}

    static String of(Seccomp s) {
        StringBuilder key = new StringBuilder(8192);
        text(key, s.defaultAction());
        number(key, s.defaultErrnoRet());
        texts(key, s.architectures());
        texts(key, s.flags());
        text(key, s.listenerPath());
        text(key, s.listenerMetadata());
        key.append('[').append(s.syscalls().size());
        for (Seccomp.Syscall call : s.syscalls()) {
            texts(key, call.names());
            text(key, call.action());
            number(key, call.errnoRet());
            key.append('[').append(call.args().size());
            for (Seccomp.Arg arg : call.args()) {
                key.append('a').append(arg.index()).append(',').append(Long.toUnsignedString(arg.value()));
                key.append(',').append(arg.valueTwo() == null ? "-" : Long.toUnsignedString(arg.valueTwo()));
                text(key, arg.op());
            }
        }
        return key.toString();
    }

    private static void text(StringBuilder key, String value) {
        if (value == null) {
            key.append('~');
        } else {
            key.append('"').append(value.length()).append(':').append(value);
        }
    }

    private static void number(StringBuilder key, Integer value) {
        key.append('#').append(value == null ? "-" : value.toString());
    }

    private static void texts(StringBuilder key, List<String> values) {
        key.append('[').append(values.size());
        for (String value : values) {
            text(key, value);
        }
    }
}
