package io.berth.runtime.cgroups;

import io.berth.linux.Bpf.Instruction;
import io.berth.runtime.spec.LinuxResources.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles device rules into a BPF_PROG_TYPE_CGROUP_DEVICE program (cgroup v2 has no devices
 * files). The program sees {@code struct bpf_cgroup_dev_ctx {u32 access_type; u32 major; u32 minor}}
 * where access_type is {@code (access << 16) | type}, and returns 1 to allow, 0 to deny.
 *
 * <p>Like v1's "deny all, then the rules in order", a later rule overrides an earlier one: the
 * rules are emitted last-first and the first block that matches decides. No match denies.
 *
 * <pre>
 *   r2 = type   r3 = access   r4 = major   r5 = minor        (prologue)
 *   per rule:  if type/major/minor differ, or access does not match -> next block
 *              r0 = allow ? 1 : 0; exit
 *   r0 = 0; exit                                              (default deny)
 * </pre>
 * An allow rule matches when the request is within its access; a deny rule when the request
 * touches any of its access, so denying "w" also stops an "rw" open.
 */
final class DeviceFilter {
    static final int DEV_BLOCK = 1;
    static final int DEV_CHAR = 2;
    static final int ACC_MKNOD = 1;
    static final int ACC_READ = 2;
    static final int ACC_WRITE = 4;

    // eBPF opcodes (linux/bpf_common.h + linux/bpf.h)
    static final int LDX_MEM_W = 0x61;
    static final int ALU32_AND_K = 0x54;
    static final int ALU32_RSH_K = 0x74;
    static final int ALU32_MOV_K = 0xb4;
    static final int ALU32_MOV_X = 0xbc;
    static final int JMP_JEQ_K = 0x15;
    static final int JMP_JNE_K = 0x55;
    static final int JMP_JNE_X = 0x5d;
    static final int JMP_EXIT = 0x95;

    private DeviceFilter() {}

    static List<Instruction> compile(List<DeviceRule> rules) {
        List<Instruction> program = new ArrayList<>(prologue());
        for (DeviceRule rule : rules.reversed()) {
            List<Instruction> block = block(rule);
            program.addAll(block);
            if (block.size() == 2) {
                // a rule matching everything decides alone; code after it is unreachable,
                // which the verifier refuses
                return List.copyOf(program);
            }
        }
        program.add(insn(ALU32_MOV_K, 0, 0, 0, 0));
        program.add(insn(JMP_EXIT, 0, 0, 0, 0));
        return List.copyOf(program);
    }

    private static List<Instruction> prologue() {
        return List.of(
                insn(LDX_MEM_W, 2, 1, 0, 0), insn(ALU32_AND_K, 2, 0, 0, 0xFFFF),
                insn(LDX_MEM_W, 3, 1, 0, 0), insn(ALU32_RSH_K, 3, 0, 0, 16),
                insn(LDX_MEM_W, 4, 1, 4, 0),
                insn(LDX_MEM_W, 5, 1, 8, 0));
    }

    /** One rule's tests; every jump goes to just past the block, whose length is known at the end. */
    private static List<Instruction> block(DeviceRule rule) {
        char type = DeviceRules.type(rule);
        int access = accessBits(DeviceRules.access(rule));
        DeviceRules.checkNumber(rule.major());
        DeviceRules.checkNumber(rule.minor());
        List<int[]> tests = new ArrayList<>(); // {opcode, dst, src, imm}; offset filled in below
        if (type != 'a') {
            tests.add(new int[] {JMP_JNE_K, 2, 0, type == 'b' ? DEV_BLOCK : DEV_CHAR});
        }
        if (access != (ACC_MKNOD | ACC_READ | ACC_WRITE)) {
            tests.add(new int[] {ALU32_MOV_X, 1, 3, 0});
            tests.add(new int[] {ALU32_AND_K, 1, 0, access});
            // allow: (request & access) != request -> next; deny: (request & access) == 0 -> next
            tests.add(rule.allow() ? new int[] {JMP_JNE_X, 1, 3, 0} : new int[] {JMP_JEQ_K, 1, 0, 0});
        }
        if (!DeviceRules.any(rule.major())) {
            tests.add(new int[] {JMP_JNE_K, 4, 0, (int) (long) rule.major()});
        }
        if (!DeviceRules.any(rule.minor())) {
            tests.add(new int[] {JMP_JNE_K, 5, 0, (int) (long) rule.minor()});
        }
        int length = tests.size() + 2;
        List<Instruction> block = new ArrayList<>(length);
        for (int i = 0; i < tests.size(); i++) {
            int[] t = tests.get(i);
            boolean jump = t[0] == JMP_JNE_K || t[0] == JMP_JNE_X || t[0] == JMP_JEQ_K;
            // a jump's offset counts from the next instruction; the verdict pair is the block's end
            block.add(insn(t[0], t[1], t[2], jump ? length - i - 1 : 0, t[3]));
        }
        block.add(insn(ALU32_MOV_K, 0, 0, 0, rule.allow() ? 1 : 0));
        block.add(insn(JMP_EXIT, 0, 0, 0, 0));
        return block;
    }

    static int accessBits(String access) {
        int bits = 0;
        for (char c : access.toCharArray()) {
            bits |= switch (c) {
                case 'r' -> ACC_READ;
                case 'w' -> ACC_WRITE;
                case 'm' -> ACC_MKNOD;
                default -> throw new CgroupException("cgroup: device access letter " + c);
            };
        }
        return bits;
    }

    private static Instruction insn(int opcode, int dst, int src, int offset, int imm) {
        return new Instruction(opcode, dst, src, offset, imm);
    }
}
