package io.berth.runtime.cgroups;

/** Shared value rules: in linux.resources null and (for most fields) 0 mean "not set". */
final class Limits {
    private Limits() {}

    static boolean set(Long value) {
        return value != null && value != 0;
    }

    /** -1 is unlimited; any other negative is a mistake in the config. */
    static void requireLimit(String field, Long value) {
        if (value != null && value < -1) {
            throw new CgroupException("cgroup: " + field + " must be -1 (unlimited) or positive, got " + value);
        }
    }

    static String v2(long value) {
        return value == -1 ? "max" : Long.toString(value);
    }

    static String device(long major, long minor) {
        return major + ":" + minor;
    }
}
