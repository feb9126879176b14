package io.berth.runtime.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * Runs a compiled classic-BPF seccomp filter on one system call, as the kernel would, and
 * returns its action. Berth uses it to learn what a container's filter will do to the calls a
 * runtime thread must still make after installing it. Returns empty for an instruction the
 * kernel's seccomp checker would also refuse, or an out-of-range access.
 */
public final class BpfEvaluator {
    // struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6];
    private static final int DATA_SIZE = 64;
    private static final int SCRATCH = 16;

    private BpfEvaluator() {}

    public static OptionalInt evaluate(byte[] program, int nr, int arch, long... args) {
        try {
            return run(program, nr, arch, args);
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt run(byte[] program, int nr, int arch, long[] args) {
        ByteBuffer data = ByteBuffer.allocate(DATA_SIZE).order(ByteOrder.nativeOrder());
        data.putInt(0, nr).putInt(4, arch);
        for (int i = 0; i < args.length && i < 6; i++) {
            data.putLong(16 + 8 * i, args[i]);
        }
        ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int count = program.length / 8;
        int a = 0;
        int x = 0;
        int[] mem = new int[SCRATCH];
        int pc = 0;
        while (pc >= 0 && pc < count) {
            int at = pc * 8;
            int op = code.getShort(at) & 0xffff;
            int jt = code.get(at + 2) & 0xff;
            int jf = code.get(at + 3) & 0xff;
            int k = code.getInt(at + 4);
            pc++;
            switch (op & 0x07) {
                case 0x00 -> { // BPF_LD
                    switch (op) {
                        case 0x20 -> { // LD W ABS
                            if (k < 0 || k + 4 > DATA_SIZE || (k & 3) != 0) {
                                return OptionalInt.empty();
                            }
                            a = data.getInt(k);
                        }
                        case 0x00 -> a = k;            // LD IMM
                        case 0x60 -> a = mem[scratch(k)]; // LD MEM
                        case 0x80 -> a = DATA_SIZE;    // LD LEN
                        default -> {
                            return OptionalInt.empty();
                        }
                    }
                }
                case 0x01 -> { // BPF_LDX
                    switch (op) {
                        case 0x01 -> x = k;
                        case 0x61 -> x = mem[scratch(k)];
                        case 0x81 -> x = DATA_SIZE;
                        default -> {
                            return OptionalInt.empty();
                        }
                    }
                }
                case 0x02 -> mem[scratch(k)] = a; // BPF_ST
                case 0x03 -> mem[scratch(k)] = x; // BPF_STX
                case 0x04 -> { // BPF_ALU
                    int operand = (op & 0x08) != 0 ? x : k;
                    switch (op & 0xf0) {
                        case 0x00 -> a += operand;
                        case 0x10 -> a -= operand;
                        case 0x20 -> a *= operand;
                        case 0x30 -> {
                            if (operand == 0) {
                                return OptionalInt.of(0); // the kernel kills on division by zero
                            }
                            a = Integer.divideUnsigned(a, operand);
                        }
                        case 0x40 -> a |= operand;
                        case 0x50 -> a &= operand;
                        case 0x60 -> a <<= operand;
                        case 0x70 -> a >>>= operand;
                        case 0x80 -> a = -a;
                        case 0x90 -> {
                            if (operand == 0) {
                                return OptionalInt.of(0);
                            }
                            a = Integer.remainderUnsigned(a, operand);
                        }
                        case 0xa0 -> a ^= operand;
                        default -> {
                            return OptionalInt.empty();
                        }
                    }
                }
                case 0x05 -> { // BPF_JMP
                    int operand = (op & 0x08) != 0 ? x : k;
                    boolean taken;
                    switch (op & 0xf0) {
                        case 0x00 -> { // JA
                            pc += k;
                            continue;
                        }
                        case 0x10 -> taken = a == operand;
                        case 0x20 -> taken = Integer.compareUnsigned(a, operand) > 0;
                        case 0x30 -> taken = Integer.compareUnsigned(a, operand) >= 0;
                        case 0x40 -> taken = (a & operand) != 0;
                        default -> {
                            return OptionalInt.empty();
                        }
                    }
                    pc += taken ? jt : jf;
                }
                case 0x06 -> { // BPF_RET
                    return OptionalInt.of((op & 0x18) == 0x10 ? a : k);
                }
                case 0x07 -> { // BPF_MISC
                    if (op == 0x07) {
                        x = a;     // TAX
                    } else if (op == 0x87) {
                        a = x;     // TXA
                    } else {
                        return OptionalInt.empty();
                    }
                }
                default -> {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    private static int scratch(int k) {
        if (k < 0 || k >= SCRATCH) {
            throw new IllegalArgumentException("BPF scratch slot out of range: " + k);
        }
        return k;
    }
}
