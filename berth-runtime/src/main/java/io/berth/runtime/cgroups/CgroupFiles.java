package io.berth.runtime.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Read-only view of one cgroup directory; plans consult it, so fixture directories stand in for tests. */
record CgroupFiles(Path dir) {
    /** The value some files use for "no limit"; v1 reports it as a huge number instead. */
    static final long UNLIMITED = -1;
    // v1 shows "unlimited" as PAGE_COUNTER_MAX pages; anything this large means no limit
    private static final long V1_UNLIMITED_FLOOR = 1L << 62;

    boolean has(String file) {
        return Files.exists(dir.resolve(file));
    }

    /** The trimmed content, or empty if the file does not exist. */
    Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(dir.resolve(file)).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cgroup: read " + dir.resolve(file), e);
        }
    }

    /** A single number; "max" and v1's huge "unlimited" read as {@link #UNLIMITED}; missing is {@code orElse}. */
    long readLong(String file, long orElse) {
        return read(file).map(CgroupFiles::parseLimit).orElse(orElse);
    }

    /** "key value" lines (memory.stat, cpu.stat, memory.events, flat keyed files). */
    Map<String, Long> readKeyed(String file) {
        Map<String, Long> result = new LinkedHashMap<>();
        read(file).ifPresent(text -> text.lines().forEach(line -> {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                result.put(kv[0], parseLimit(kv[1]));
            }
        }));
        return result;
    }

    static long parseLimit(String text) {
        String t = text.strip();
        if (t.equals("max")) {
            return UNLIMITED;
        }
        try {
            long v = Long.parseLong(t);
            return v >= V1_UNLIMITED_FLOOR ? UNLIMITED : v;
        } catch (NumberFormatException e) {
            // u64 counters beyond Long.MAX_VALUE only occur as "unlimited"
            if (t.matches("\\d+")) {
                return UNLIMITED;
            }
            throw new CgroupException("cgroup: expected a number, got \"" + t + "\"");
        }
    }
}
