package io.berth.linux;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Installs a classic-BPF seccomp program on the <em>calling thread only</em> with seccomp(2)
 * {@code SECCOMP_SET_MODE_FILTER} (no TSYNC: filtering every JVM thread would cripple the JVM).
 *
 * <p>The kernel accepts a filter only from a thread that has no_new_privs set
 * ({@link Prctl#setNoNewPrivileges()}) or has CAP_SYS_ADMIN in its user namespace; otherwise
 * EACCES. A filter can never be removed and is inherited by children and kept across execve, so
 * call this as the last step before execve, on a thread that will exec or die and is never
 * handed back to a pool.
 */
public final class SeccompFilter {
    /** SECCOMP_FILTER_FLAG_LOG: log every action except ALLOW (kernel 4.14). */
    public static final int FLAG_LOG = 1 << 1;
    /** SECCOMP_FILTER_FLAG_SPEC_ALLOW: keep Spectre store-bypass mitigation off (kernel 4.17). */
    public static final int FLAG_SPEC_ALLOW = 1 << 2;
    /** SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: only valid with a notify listener (kernel 5.19). */
    public static final int FLAG_WAIT_KILLABLE_RECV = 1 << 5;

    /** The largest program the kernel takes (BPF_MAXINSNS). */
    public static final int MAX_INSTRUCTIONS = 4096;

    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int INSTRUCTION_BYTES = 8;
    private static final int SUPPORTED_FLAGS = FLAG_LOG | FLAG_SPEC_ALLOW | FLAG_WAIT_KILLABLE_RECV;

    /** struct sock_fprog { unsigned short len; struct sock_filter *filter; } */
    private static final StructLayout SOCK_FPROG = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("len"), MemoryLayout.paddingLayout(6),
            ValueLayout.ADDRESS.withName("filter"));

    private SeccompFilter() {}

    /**
     * Installs {@code bpf} (struct sock_filter instructions in native byte order, as
     * seccomp_export_bpf writes them) with seccomp(2) {@code flags} from this class.
     *
     * @throws IllegalArgumentException for a malformed program or an unsupported flag
     *         (TSYNC and NEW_LISTENER are refused: they would reach other threads or need a listener)
     * @throws SyscallException if the kernel refuses, e.g. EACCES without no_new_privs or CAP_SYS_ADMIN
     */
    public static void install(byte[] bpf, int flags) {
        if (bpf.length == 0 || bpf.length % INSTRUCTION_BYTES != 0
                || bpf.length / INSTRUCTION_BYTES > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("not a seccomp BPF program: " + bpf.length
                    + " bytes (need 1.." + MAX_INSTRUCTIONS + " instructions of 8 bytes)");
        }
        if ((flags & ~SUPPORTED_FLAGS) != 0) {
            throw new IllegalArgumentException("unsupported seccomp filter flags 0x"
                    + Integer.toHexString(flags & ~SUPPORTED_FLAGS));
        }
        int instructions = bpf.length / INSTRUCTION_BYTES;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment filter = arena.allocate(bpf.length, 8);
            MemorySegment.copy(bpf, 0, filter, ValueLayout.JAVA_BYTE, 0, bpf.length);
            MemorySegment prog = arena.allocate(SOCK_FPROG);
            prog.set(ValueLayout.JAVA_SHORT, 0, (short) instructions);
            prog.set(ValueLayout.JAVA_LONG, 8, filter.address()); // a pointer as a long: see CStrings
            RawSyscall.call("seccomp", "SECCOMP_SET_MODE_FILTER, " + instructions + " instructions, flags 0x"
                    + Integer.toHexString(flags), Syscall.SECCOMP,
                    SECCOMP_SET_MODE_FILTER, flags, prog.address());
        }
    }
}
