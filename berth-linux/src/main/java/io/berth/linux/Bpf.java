package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * bpf(2) for cgroup device programs: load a BPF_PROG_TYPE_CGROUP_DEVICE program, attach it to
 * or detach it from a cgroup2 directory, and list what is attached. Offsets below are those of
 * {@code union bpf_attr} in linux/bpf.h; they are stable kernel ABI.
 */
public final class Bpf {
    public static final int BPF_F_ALLOW_MULTI = 1 << 1;

    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_DETACH = 9;
    private static final int BPF_PROG_GET_FD_BY_ID = 13;
    private static final int BPF_PROG_QUERY = 16;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    // larger than every attr we fill, smaller than the kernel's union: the rest reads as zero
    private static final int ATTR_SIZE = 128;
    private static final int LOG_SIZE = 1 << 16;
    private static final int MAX_QUERY = 64;

    private Bpf() {}

    /** One eBPF instruction ({@code struct bpf_insn}): 8 bytes, little-endian on x86-64 and arm64. */
    public record Instruction(int opcode, int dst, int src, int offset, int imm) {
        public Instruction {
            if (dst < 0 || dst > 10 || src < 0 || src > 10) {
                throw new IllegalArgumentException("bpf register out of range: " + dst + "/" + src);
            }
            if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
                throw new IllegalArgumentException("bpf jump offset out of range: " + offset);
            }
        }
    }

    /** Loads a cgroup device program; the kernel's verifier log is in the error if it is refused. */
    public static Fd loadCgroupDeviceProgram(List<Instruction> program, String license) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(8L * program.size(), 8);
            for (int i = 0; i < program.size(); i++) {
                Instruction in = program.get(i);
                long at = 8L * i;
                insns.set(JAVA_BYTE, at, (byte) in.opcode());
                insns.set(JAVA_BYTE, at + 1, (byte) (in.dst() | (in.src() << 4)));
                insns.set(JAVA_BYTE, at + 2, (byte) in.offset());
                insns.set(JAVA_BYTE, at + 3, (byte) (in.offset() >> 8));
                insns.set(JAVA_INT.withByteAlignment(1), at + 4, in.imm());
            }
            MemorySegment lic = arena.allocateFrom(license);
            long fd = load(arena, insns, program.size(), lic, null);
            if (fd < 0) {
                // retry with a verifier log only on failure: a log too small for a success is ENOSPC
                MemorySegment log = arena.allocate(LOG_SIZE);
                long again = load(arena, insns, program.size(), lic, log);
                if (again >= 0) {
                    return Fd.adopt((int) again);
                }
                String reason = log.getString(0, StandardCharsets.UTF_8).strip();
                throw new SyscallException("bpf", "BPF_PROG_LOAD cgroup device, " + program.size()
                        + " insns" + (reason.isEmpty() ? "" : ", verifier: " + reason), (int) -fd);
            }
            return Fd.adopt((int) fd);
        }
    }

    private static long load(Arena arena, MemorySegment insns, int count, MemorySegment license,
                             MemorySegment log) {
        MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
        attr.set(JAVA_INT, 0, BPF_PROG_TYPE_CGROUP_DEVICE);
        attr.set(JAVA_INT, 4, count);
        attr.set(JAVA_LONG, 8, insns.address());
        attr.set(JAVA_LONG, 16, license.address());
        if (log != null) {
            attr.set(JAVA_INT, 24, 1);
            attr.set(JAVA_INT, 28, (int) log.byteSize());
            attr.set(JAVA_LONG, 32, log.address());
        }
        attr.set(JAVA_INT, 68, BPF_CGROUP_DEVICE);
        return bpf(BPF_PROG_LOAD, attr);
    }

    /** BPF_PROG_ATTACH with attach type BPF_CGROUP_DEVICE; flags e.g. {@link #BPF_F_ALLOW_MULTI}. */
    public static void attachCgroupDevice(Fd cgroupDir, Fd program, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, cgroupDir.number());
            attr.set(JAVA_INT, 4, program.number());
            attr.set(JAVA_INT, 8, BPF_CGROUP_DEVICE);
            attr.set(JAVA_INT, 12, flags);
            check(bpf(BPF_PROG_ATTACH, attr), "BPF_PROG_ATTACH cgroup device, " + cgroupDir);
        }
    }

    /** BPF_PROG_DETACH of one program attached with BPF_F_ALLOW_MULTI. */
    public static void detachCgroupDevice(Fd cgroupDir, Fd program) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, cgroupDir.number());
            attr.set(JAVA_INT, 4, program.number());
            attr.set(JAVA_INT, 8, BPF_CGROUP_DEVICE);
            check(bpf(BPF_PROG_DETACH, attr), "BPF_PROG_DETACH cgroup device, " + cgroupDir);
        }
    }

    /** BPF_PROG_QUERY: ids of the device programs attached directly to this cgroup. */
    public static List<Integer> queryCgroupDevice(Fd cgroupDir) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ids = arena.allocate(JAVA_INT, MAX_QUERY);
            MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, cgroupDir.number());
            attr.set(JAVA_INT, 4, BPF_CGROUP_DEVICE);
            attr.set(JAVA_LONG, 16, ids.address());
            attr.set(JAVA_INT, 24, MAX_QUERY);
            check(bpf(BPF_PROG_QUERY, attr), "BPF_PROG_QUERY cgroup device, " + cgroupDir);
            int count = attr.get(JAVA_INT, 24);
            List<Integer> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                result.add(ids.getAtIndex(JAVA_INT, i));
            }
            return result;
        }
    }

    /** BPF_PROG_GET_FD_BY_ID: an fd for a loaded program, e.g. to detach it. */
    public static Fd programById(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, id);
            return Fd.adopt((int) check(bpf(BPF_PROG_GET_FD_BY_ID, attr), "BPF_PROG_GET_FD_BY_ID " + id));
        }
    }

    // bpf(2); returns the result or -errno
    private static long bpf(int cmd, MemorySegment attr) {
        return RawSyscall.callOrErrno(Syscall.BPF, cmd, attr.address(), ATTR_SIZE);
    }

    private static long check(long result, String subject) {
        if (result < 0) {
            throw new SyscallException("bpf", subject, (int) -result);
        }
        return result;
    }
}
