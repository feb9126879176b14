package io.berth.runtime.seccomp;

import io.berth.runtime.spec.Seccomp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The programs of the last few profiles compiled, by profile: in an engine nearly every
 * container has Docker's default profile, and libseccomp takes ~20 ms to compile it each time.
 * The key is the whole linux.seccomp record (records compare by value, lists included), so two
 * profiles share a program only if they are the same profile. A profile that fails to compile is
 * not remembered: it fails again, with the same errors. Safe for concurrent creates; two that
 * miss at once both compile, rather than one waiting for the other.
 */
public final class SeccompProgramCache implements SeccompPrograms {
    private final int capacity;
    private final Map<Seccomp, SeccompProgram> programs;
    private long hits;
    private long misses;

    public SeccompProgramCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.programs = new LinkedHashMap<>(16, 0.75f, true);
    }

    @Override
    public SeccompProgram program(Seccomp spec) {
        synchronized (this) {
            SeccompProgram known = programs.get(spec);
            if (known != null) {
                hits++;
                return known;
            }
            misses++;
        }
        SeccompProgram compiled = SeccompCompiler.compile(spec);
        synchronized (this) {
            programs.put(spec, compiled);
            if (programs.size() > capacity) {
                programs.remove(programs.keySet().iterator().next()); // the least recently used
            }
        }
        return compiled;
    }

    /** Lookups answered from the cache, and lookups that compiled. */
    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
