package io.berth.runtime.cgroups;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a cgroup's usage. Limits read {@link #UNLIMITED} when there is none; counters a
 * host does not provide read 0. Times are nanoseconds, sizes bytes.
 */
public record CgroupStats(Cpu cpu, Memory memory, Pids pids, List<BlkioEntry> blkio,
                          Map<String, Hugetlb> hugetlb, long oomKillCount) {
    public static final long UNLIMITED = -1;

    public CgroupStats {
        blkio = List.copyOf(blkio);
        hugetlb = Map.copyOf(hugetlb);
    }

    public record Cpu(long totalNs, long userNs, long systemNs, long periods, long throttledPeriods,
                      long throttledNs) {}

    /** {@code swapUsage} is swap alone (v1 reports memory+swap; the memory part is subtracted). */
    public record Memory(long usage, long limit, long maxUsage, long cache, long anon, long swapUsage,
                         long swapLimit) {}

    public record Pids(long current, long limit) {}

    /** Bytes moved to or from one device; op is "Read" or "Write" (v1 also reports Sync, Async, ...). */
    public record BlkioEntry(long major, long minor, String op, long bytes) {}

    /** Keyed by page size ("2MB") in the map above. */
    public record Hugetlb(long usage, long maxUsage, long failCount) {}
}
