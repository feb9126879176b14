package io.berth.runtime.seccomp;

import io.berth.linux.LibSeccomp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * runc's answer to profiles older than the kernel: a syscall numbered above every syscall the
 * profile names (on that architecture) fails with ENOSYS instead of meeting the default action.
 * A profile written before a syscall existed cannot have meant to forbid it, and ENOSYS is what
 * makes glibc fall back to the older call (clone3 to clone, faccessat2 to faccessat), where
 * EPERM would break the program. This prepends that check to libseccomp's program.
 */
final class EnosysStub {
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    /** libseccomp's token for x32, which the kernel never reports: x32 calls come as x86-64. */
    private static final int SCMP_ARCH_X32 = 0x4000003e;
    /** Set in the syscall number of an x32 call, which reports AUDIT_ARCH_X86_64. */
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int RET_ERRNO_ENOSYS = 0x00050000 | 38;

    private static final int LD_W_ABS = 0x20;
    private static final int JEQ_K = 0x15;
    private static final int JGT_K = 0x25;
    private static final int JGE_K = 0x35;
    private static final int JA = 0x05;
    private static final int RET_K = 0x06;
    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;

    private EnosysStub() {}

    /**
     * The highest number among {@code names} on each of {@code archTokens}; an architecture on
     * which none resolves is left out (it gets no stub).
     */
    static Map<Integer, Integer> lastSyscalls(List<Integer> archTokens, List<String> names) {
        Map<Integer, Integer> last = new TreeMap<>();
        for (int arch : archTokens) {
            if (arch == SCMP_ARCH_X32) {
                continue;
            }
            for (String name : names) {
                OptionalInt nr = LibSeccomp.resolveSyscall(arch, name);
                if (nr.isPresent()) {
                    last.merge(arch, nr.getAsInt(), Math::max);
                }
            }
        }
        return last;
    }

    /** Whether unknown syscalls would meet a default action that ENOSYS should replace. */
    static boolean wanted(int defaultAction) {
        return defaultAction != LibSeccomp.ACT_ALLOW && defaultAction != LibSeccomp.ACT_LOG
                && defaultAction != RET_ERRNO_ENOSYS;
    }

    /** {@code program} behind the check, one block per architecture in {@code last}. */
    static byte[] prepend(Map<Integer, Integer> last, byte[] program) {
        List<int[]> stub = new ArrayList<>();
        List<Integer> toEnosys = new ArrayList<>();
        List<Integer> toProgram = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : last.entrySet()) {
            boolean x86_64 = e.getKey() == AUDIT_ARCH_X86_64;
            int blockLength = x86_64 ? 5 : 4;
            stub.add(new int[] {LD_W_ABS, 0, 0, OFFSET_ARCH});
            stub.add(new int[] {JEQ_K, 0, blockLength - 2, e.getKey()}); // not this arch: the next block
            stub.add(new int[] {LD_W_ABS, 0, 0, OFFSET_NR});
            if (x86_64) {
                toProgram.add(stub.size());
                stub.add(new int[] {JGE_K, -1, 0, X32_SYSCALL_BIT}); // x32 calls: libseccomp decides
            }
            toEnosys.add(stub.size());
            toProgram.add(-stub.size() - 1); // the false branch of the same instruction
            stub.add(new int[] {JGT_K, -1, -1, e.getValue()});
        }
        stub.add(new int[] {JA, 0, 0, 1}); // no architecture matched
        int enosys = stub.size();
        stub.add(new int[] {RET_K, 0, 0, RET_ERRNO_ENOSYS});
        int programStart = stub.size();
        for (int at : toEnosys) {
            stub.get(at)[1] = jump(at, enosys);
        }
        for (int at : toProgram) {
            if (at >= 0) {
                stub.get(at)[1] = jump(at, programStart);
            } else {
                stub.get(-at - 1)[2] = jump(-at - 1, programStart);
            }
        }
        ByteBuffer out = ByteBuffer.allocate(stub.size() * 8 + program.length).order(ByteOrder.nativeOrder());
        for (int[] insn : stub) {
            out.putShort((short) insn[0]).put((byte) insn[1]).put((byte) insn[2]).putInt(insn[3]);
        }
        out.put(program);
        return out.array();
    }

    /** A conditional jump's 8-bit offset from the instruction after {@code from}. */
    private static int jump(int from, int to) {
        int offset = to - from - 1;
        if (offset < 0 || offset > 255) {
            throw new IllegalStateException("ENOSYS stub jump out of range: " + offset);
        }
        return offset;
    }
}
