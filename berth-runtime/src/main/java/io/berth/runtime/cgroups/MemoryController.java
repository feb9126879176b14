package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * memory: limit, reservation, swap, swappiness, OOM killer. v1 swap is memory+swap
 * (memory.memsw.limit_in_bytes) and the kernel insists memsw >= limit at every moment, so the
 * order of the two writes depends on whether the limit goes up or down. v2 takes swap alone.
 * The kernel-memory limits (kernel, and kernelTCP on v2) are ignored, as runc does: kernels since
 * 5.16 no longer offer memory.kmem.limit_in_bytes.
 */
final class MemoryController implements Controller {
    static final String LIMIT_V1 = "memory.limit_in_bytes";
    static final String MEMSW_V1 = "memory.memsw.limit_in_bytes";
    static final String SWAP_V2 = "memory.swap.max";

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public boolean requested(LinuxResources r) {
        Memory m = r.memory();
        return m != null && (Limits.set(m.limit()) || Limits.set(m.reservation()) || Limits.set(m.swap())
                || m.swappiness() != null || Boolean.TRUE.equals(m.disableOOMKiller()) || Limits.set(m.kernelTCP()));
    }

    @Override
    public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
        Memory m = r.memory();
        if (m == null) {
            return List.of();
        }
        validate(m);
        List<CgroupWrite> writes = new ArrayList<>(limitAndSwapV1(m, dir));
        if (Limits.set(m.reservation())) {
            writes.add(write("memory.soft_limit_in_bytes", Long.toString(m.reservation())));
        }
        if (m.swappiness() != null) {
            writes.add(write("memory.swappiness", Long.toString(m.swappiness())));
        }
        if (m.disableOOMKiller() != null) {
            writes.add(write("memory.oom_control", m.disableOOMKiller() ? "1" : "0"));
        }
        if (Limits.set(m.kernelTCP())) {
            writes.add(write("memory.kmem.tcp.limit_in_bytes", Long.toString(m.kernelTCP())));
        }
        return writes;
    }

    private List<CgroupWrite> limitAndSwapV1(Memory m, CgroupFiles dir) {
        Long limit = Limits.set(m.limit()) ? m.limit() : null;
        Long swap = Limits.set(m.swap()) ? m.swap() : null;
        if (limit != null && limit == -1 && swap == null && dir.has(MEMSW_V1)) {
            swap = -1L; // "unlimited memory" would otherwise stay capped by an old memsw limit
        } else if (swap != null && !dir.has(MEMSW_V1)) {
            throw new CgroupException("cgroup: memory.swap is set but this kernel has no swap accounting ("
                    + MEMSW_V1 + " is missing in " + dir.dir() + ")");
        }
        CgroupWrite limitWrite = limit == null ? null : write(LIMIT_V1, Long.toString(limit));
        CgroupWrite swapWrite = swap == null ? null : write(MEMSW_V1, Long.toString(swap));
        if (limitWrite == null || swapWrite == null) {
            return limitWrite != null ? List.of(limitWrite) : swapWrite != null ? List.of(swapWrite) : List.of();
        }
        long current = dir.readLong(LIMIT_V1, CgroupFiles.UNLIMITED);
        boolean raising = swap == -1 || (current != CgroupFiles.UNLIMITED && current < swap);
        return raising ? List.of(swapWrite, limitWrite) : List.of(limitWrite, swapWrite);
    }

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        Memory m = r.memory();
        if (m == null) {
            return List.of();
        }
        validate(m);
        List<CgroupWrite> writes = new ArrayList<>();
        Long swap = swapV2(m);
        boolean implied = !Limits.set(m.swap()); // unlimited swap implied by an unlimited limit
        if (swap != null && dir.has(SWAP_V2)) {
            writes.add(write(SWAP_V2, Limits.v2(swap)));
        } else if (swap != null && !implied) {
            throw new CgroupException("cgroup: memory.swap is set but " + SWAP_V2 + " is missing in "
                    + dir.dir() + " (no swap accounting)");
        }
        if (Limits.set(m.limit())) {
            checkAboveUsage(m, dir);
            writes.add(write("memory.max", Limits.v2(m.limit())));
        }
        if (Limits.set(m.reservation())) {
            writes.add(write("memory.low", Limits.v2(m.reservation())));
        }
        // swappiness and disableOOMKiller have no cgroup2 file; runc ignores them there too
        return writes;
    }

    /**
     * v2 answers a memory.max below usage with reclaim and then the OOM killer, not EBUSY as v1
     * does, so config-linux.md's checkBeforeUpdate asks for this check up front.
     */
    private static void checkAboveUsage(Memory m, CgroupFiles dir) {
        if (Boolean.TRUE.equals(m.checkBeforeUpdate()) && m.limit() != -1) {
            long usage = dir.readLong("memory.current", 0);
            if (m.limit() < usage) {
                throw new CgroupException("cgroup: memory.limit " + m.limit() + " is below the current usage "
                        + usage + " of " + dir.dir() + " (checkBeforeUpdate is set)");
            }
        }
    }

    /** OCI swap is memory+swap; cgroup2 wants swap alone. Null means leave memory.swap.max alone. */
    static Long swapV2(Memory m) {
        long limit = m.limit() == null ? 0 : m.limit();
        long swap = m.swap() == null ? 0 : m.swap();
        if (limit == -1 && swap == 0) {
            return -1L;
        }
        if (swap == 0) {
            return null;
        }
        if (swap == -1) {
            return -1L;
        }
        if (limit == 0 || limit == -1) {
            throw new CgroupException("cgroup: memory.swap " + swap + " needs a memory.limit as well"
                    + " (OCI swap is memory+swap)");
        }
        return swap - limit;
    }

    private static void validate(Memory m) {
        Limits.requireLimit("memory.limit", m.limit());
        Limits.requireLimit("memory.reservation", m.reservation());
        Limits.requireLimit("memory.swap", m.swap());
        if (Limits.set(m.limit()) && Limits.set(m.swap()) && m.limit() != -1 && m.swap() != -1
                && m.swap() < m.limit()) {
            throw new CgroupException("cgroup: memory.swap " + m.swap() + " is below memory.limit " + m.limit()
                    + " (OCI swap is memory+swap, so it must be >= limit)");
        }
        if (m.swappiness() != null && (m.swappiness() < 0 || m.swappiness() > 100)) {
            throw new CgroupException("cgroup: memory.swappiness must be 0..100, got " + m.swappiness());
        }
    }

    private CgroupWrite write(String file, String value) {
        return new CgroupWrite(name(), file, value);
    }
}
