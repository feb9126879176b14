package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources.DeviceRule;

/** Validation of linux.resources.devices rules. */
final class DeviceRules {
    private DeviceRules() {}

    static char type(DeviceRule rule) {
        String t = rule.type() == null || rule.type().isEmpty() ? "a" : rule.type();
        if (!t.equals("a") && !t.equals("b") && !t.equals("c")) {
            throw new CgroupException("cgroup: device rule type \"" + t + "\" must be a, b or c");
        }
        return t.charAt(0);
    }

    static String access(DeviceRule rule) {
        String a = rule.access() == null || rule.access().isEmpty() ? "rwm" : rule.access();
        if (!a.matches("[rwm]{1,3}") || a.chars().distinct().count() != a.length()) {
            throw new CgroupException("cgroup: device rule access \"" + a + "\" must be letters from rwm");
        }
        return a;
    }

    /** null and -1 both mean "any" (-1 is what some tools write for the wildcard). */
    static boolean any(Long number) {
        return number == null || number == -1;
    }

    /** Linux majors have 12 bits and minors 20; capping at 2^31 keeps the BPF immediates non-negative. */
    static void checkNumber(Long n) {
        if (n != null && (n < -1 || n > Integer.MAX_VALUE)) {
            throw new CgroupException("cgroup: device number " + n + " is out of range");
        }
    }
}
