package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources.DeviceRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a v1 devices cgroup allows, as the kernel keeps it: a default (allow or deny everything)
 * and exceptions to it, each a device pattern with the accesses it covers. Built from spec
 * rules by replaying them the way the kernel does, or read back from devices.list, so that an
 * update can write only the difference ({@link #transitionTo}) and a running container is never
 * denied, even briefly, a device it keeps. runc's devices emulator works the same way.
 */
final class DeviceCgroupV1State {
    // access sets are DeviceFilter's bits (the BPF program's), so both read "rwm" one way
    private static final int READ = DeviceFilter.ACC_READ;
    private static final int WRITE = DeviceFilter.ACC_WRITE;
    private static final int MKNOD = DeviceFilter.ACC_MKNOD;
    // by hand: Comparator.comparing's own lambdas are linked at run time, a few ms per command
    private static final Comparator<Device> ORDER = (a, b) -> {
        int byType = Character.compare(a.type(), b.type());
        if (byType != 0) {
            return byType;
        }
        int byMajor = Long.compare(a.major(), b.major());
        return byMajor != 0 ? byMajor : Long.compare(a.minor(), b.minor());
    };

    /** A device pattern: type b or c, and numbers where -1 is the "*" wildcard. */
    record Device(char type, long major, long minor) {
        String text(int access) {
            return pattern() + " " + accessText(access);
        }

        String pattern() {
            return type + " " + number(major) + ":" + number(minor);
        }
    }

    /** One write to devices.allow ({@code allow}) or devices.deny. */
    record Write(boolean allow, String value) {
        String file() {
            return allow ? "devices.allow" : "devices.deny";
        }
    }

    private boolean defaultAllow;
    /** In allow mode devices.list shows "a *:* rwm" alone, so read-back exceptions are unknown. */
    private boolean exceptionsUnknown;
    private final Map<Device, Integer> exceptions = new TreeMap<>(ORDER);

    private DeviceCgroupV1State(boolean defaultAllow) {
        this.defaultAllow = defaultAllow;
    }

    /** The state {@code rules} leave a cgroup in that starts out denying everything. */
    static DeviceCgroupV1State of(List<DeviceRule> rules) {
        DeviceCgroupV1State state = new DeviceCgroupV1State(false);
        for (DeviceRule rule : rules) {
            state.apply(rule);
        }
        return state;
    }

    /** A cgroup whose devices.list could not be read: treated as allow-all with unknown exceptions. */
    static DeviceCgroupV1State unknown() {
        DeviceCgroupV1State state = new DeviceCgroupV1State(true);
        state.exceptionsUnknown = true;
        return state;
    }

    /** The state devices.list shows; empty if it does not parse. */
    static Optional<DeviceCgroupV1State> parseList(String devicesList) {
        DeviceCgroupV1State state = new DeviceCgroupV1State(false);
        for (String line : devicesList.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            String[] numbers = parts.length == 3 ? parts[1].split(":") : new String[0];
            if (numbers.length != 2 || parts[0].length() != 1) {
                return Optional.empty();
            }
            char type = parts[0].charAt(0);
            if (type == 'a') {
                return Optional.of(unknown());
            }
            try {
                state.exceptions.merge(new Device(type, parseNumber(numbers[0]), parseNumber(numbers[1])),
                        DeviceFilter.accessBits(parts[2]), (a, b) -> a | b);
            } catch (IllegalArgumentException | CgroupException e) {
                return Optional.empty();
            }
        }
        return Optional.of(state);
    }

    /** The kernel's handling of one write (security/device_cgroup.c, devcgroup_update_access). */
    private void apply(DeviceRule rule) {
        char type = DeviceRules.type(rule);
        int access = DeviceFilter.accessBits(DeviceRules.access(rule));
        DeviceRules.checkNumber(rule.major());
        DeviceRules.checkNumber(rule.minor());
        if (type == 'a') { // any "a ..." line resets the cgroup, whatever numbers follow
            defaultAllow = rule.allow();
            exceptions.clear();
            return;
        }
        Device device = new Device(type, DeviceRules.any(rule.major()) ? -1 : rule.major(),
                DeviceRules.any(rule.minor()) ? -1 : rule.minor());
        if (rule.allow() == defaultAllow) {
            // a rule that agrees with the default only takes the exact same pattern's access away
            exceptions.computeIfPresent(device, (d, old) -> (old & ~access) == 0 ? null : old & ~access);
        } else {
            exceptions.merge(device, access, (a, b) -> a | b);
        }
    }

    /**
     * The writes that take a cgroup from this state to {@code target}: a reset ("a") only when
     * the defaults differ or this state's exceptions cannot be known, then the accesses each
     * pattern loses, then those it gains.
     */
    List<Write> transitionTo(DeviceCgroupV1State target) {
        List<Write> writes = new ArrayList<>();
        Map<Device, Integer> old = exceptions;
        if (exceptionsUnknown || defaultAllow != target.defaultAllow) {
            writes.add(new Write(target.defaultAllow, "a"));
            old = Map.of();
        }
        for (Map.Entry<Device, Integer> e : old.entrySet()) {
            int dropped = e.getValue() & ~target.exceptions.getOrDefault(e.getKey(), 0);
            if (dropped != 0) {
                writes.add(new Write(target.defaultAllow, e.getKey().text(dropped)));
            }
        }
        for (Map.Entry<Device, Integer> e : target.exceptions.entrySet()) {
            int gained = e.getValue() & ~old.getOrDefault(e.getKey(), 0);
            if (gained != 0) {
                writes.add(new Write(!target.defaultAllow, e.getKey().text(gained)));
            }
        }
        return writes;
    }

    /**
     * How {@code actual}, read back after the writes, differs from this planned state; empty
     * when it matches. An allow-all plan can only be checked for its mode: devices.list does
     * not show an allow-all cgroup's deny exceptions.
     */
    List<String> differencesFrom(DeviceCgroupV1State actual) {
        if (defaultAllow || actual.defaultAllow) {
            return defaultAllow == actual.defaultAllow ? List.of()
                    : List.of(defaultAllow ? "the cgroup denies devices by default, not allows"
                            : "the cgroup allows every device");
        }
        List<String> differences = new ArrayList<>();
        Map<Device, Integer> all = new TreeMap<>(ORDER);
        all.putAll(actual.exceptions);
        all.putAll(exceptions);
        for (Device device : all.keySet()) {
            int want = exceptions.getOrDefault(device, 0);
            int got = actual.exceptions.getOrDefault(device, 0);
            if (want != got) {
                differences.add(device.pattern()
                        + ": expected " + orNone(want) + ", found " + orNone(got));
            }
        }
        return differences;
    }

    private static String orNone(int access) {
        return access == 0 ? "no access" : accessText(access);
    }

    private static String accessText(int access) {
        return ((access & READ) != 0 ? "r" : "") + ((access & WRITE) != 0 ? "w" : "") + ((access & MKNOD) != 0 ? "m" : "");
    }

    private static long parseNumber(String text) {
        return text.equals("*") ? -1 : Long.parseLong(text);
    }

    private static String number(long n) {
        return n == -1 ? "*" : Long.toString(n);
    }
}
