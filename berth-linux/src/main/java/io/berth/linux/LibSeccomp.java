package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.LibcFunction;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.util.List;
import java.util.OptionalInt;

/**
 * libseccomp ({@value #LIBRARY}) as a BPF compiler: build a filter, export classic BPF. Loading
 * the program into the kernel is {@link SeccompFilter}'s job, not libseccomp's
 * {@code seccomp_load}: installing must be one small syscall right before execve.
 *
 * <p>The library is linked on first use, so a host without it fails only when seccomp is
 * asked for, with an {@link IllegalStateException} naming the library. libseccomp reports
 * failures as {@code -errno} return values (not errno); they become {@link SyscallException}s
 * naming the libseccomp function.
 */
public final class LibSeccomp {
    public static final String LIBRARY = "libseccomp.so.2";

    // Actions (seccomp_rule_add(3)); the low 16 bits carry ERRNO's errno or TRACE's message.
    public static final int ACT_KILL_PROCESS = 0x80000000;
    public static final int ACT_KILL_THREAD = 0x00000000;
    public static final int ACT_TRAP = 0x00030000;
    public static final int ACT_NOTIFY = 0x7fc00000;
    public static final int ACT_LOG = 0x7ffc0000;
    public static final int ACT_ALLOW = 0x7fff0000;
    private static final int ACT_ERRNO = 0x00050000;
    private static final int ACT_TRACE = 0x7ff00000;

    private static final int NR_SCMP_ERROR = -1;
    private static final int SCMP_FLTATR_CTL_NNP = 3;
    private static final int SCMP_FLTATR_CTL_OPTIMIZE = 8;
    private static final int OPTIMIZE_BINARY_TREE = 2;
    private static final int MFD_CLOEXEC = 1;
    private static final int SEEK_SET = 0;

    /** struct scmp_arg_cmp { unsigned int arg; enum scmp_compare op; u64 datum_a, datum_b; } */
    private static final StructLayout ARG_CMP = MemoryLayout.structLayout(
            JAVA_INT.withName("arg"), JAVA_INT.withName("op"),
            JAVA_LONG.withName("datum_a"), JAVA_LONG.withName("datum_b"));

    // memfd_create(2): seccomp_export_bpf writes to an fd; a pipe could fill up and block
    private static final LibcFunction MEMFD_CREATE = LibcFunction.ofInt("memfd_create");
    // lseek(2)
    private static final LibcFunction LSEEK = LibcFunction.ofLong("lseek");

    private static volatile Handles handles;

    private LibSeccomp() {}

    /** An argument comparison operator, enum scmp_compare; MASKED_EQ is (arg & a) == b. */
    public enum Compare {
        NE(1), LT(2), LE(3), EQ(4), GE(5), GT(6), MASKED_EQ(7);

        private final int code;

        Compare(int code) {
            this.code = code;
        }
    }

    /** One condition on syscall argument {@code arg} (0..5). */
    public record ArgCompare(int arg, Compare op, long datumA, long datumB) {
        public ArgCompare {
            if (arg < 0 || arg > 5) {
                throw new IllegalArgumentException("syscall argument index out of 0..5: " + arg);
            }
            java.util.Objects.requireNonNull(op, "op");
        }
    }

    /** SCMP_ACT_ERRNO(errno): fail the call with {@code errno} (0..65535) instead of running it. */
    public static int actErrno(int errno) {
        return ACT_ERRNO | (errno & 0xffff);
    }

    /** SCMP_ACT_TRACE(message): notify a ptrace tracer, passing {@code message} (0..65535). */
    public static int actTrace(int message) {
        return ACT_TRACE | (message & 0xffff);
    }

    /** The native-arch number of a syscall name, possibly a negative pseudo number; empty if unknown. */
    public static OptionalInt resolveSyscall(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int nr = (int) handles().syscallResolveName.invoke(arena.allocateFrom(name).address());
            return nr == NR_SCMP_ERROR ? OptionalInt.empty() : OptionalInt.of(nr);
        }
    }

    /**
     * The number of a syscall name on the architecture {@code archToken}; empty if unknown there
     * (libseccomp's negative pseudo numbers for calls an architecture lacks count as unknown).
     */
    public static OptionalInt resolveSyscall(int archToken, String name) {
        try (Arena arena = Arena.ofConfined()) {
            int nr = (int) handles().syscallResolveNameArch.invoke(archToken, arena.allocateFrom(name).address());
            return nr < 0 ? OptionalInt.empty() : OptionalInt.of(nr);
        }
    }

    /** The arch token of the architecture this process runs as. */
    public static int nativeArch() {
        return (int) handles().archNative.invoke();
    }

    /** The arch token (an AUDIT_ARCH_* value) of a libseccomp arch name such as "x86_64". */
    public static OptionalInt resolveArch(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int token = (int) handles().archResolveName.invoke(arena.allocateFrom(name).address());
            return token == 0 ? OptionalInt.empty() : OptionalInt.of(token);
        }
    }

    /** A new filter context holding the native architecture; close it to free it. */
    public static Filter newFilter(int defaultAction) {
        Handles lib = handles();
        long ctx = lib.init.invoke(defaultAction);
        if (ctx == 0L) {
            // NULL is its only failure report; an invalid action is the documented cause
            throw new SyscallException("seccomp_init",
                    "default action 0x" + Integer.toHexString(defaultAction), Errno.EINVAL);
        }
        return new Filter(lib, ctx);
    }

    /** A libseccomp filter context (scmp_filter_ctx). Not thread-safe. */
    public static final class Filter implements AutoCloseable {
        private final Handles lib;
        private final long ctx;
        private boolean closed;

        private Filter(Handles lib, long ctx) {
            this.lib = lib;
            this.ctx = ctx;
        }

        /** Also matches syscalls made with this arch's ABI; adding one already present is a no-op. */
        public void addArch(int archToken) {
            int r = (int) lib.archAdd.invoke(live(), archToken);
            if (r != -Errno.EEXIST) {
                checkResult(r, "seccomp_arch_add", "arch 0x" + Integer.toHexString(archToken));
            }
        }

        /** Whether seccomp_load would set no_new_privs; irrelevant to the exported BPF itself. */
        public void setNoNewPrivsOnLoad(boolean on) {
            checkResult((int) lib.attrSet.invoke(live(), SCMP_FLTATR_CTL_NNP, on ? 1 : 0),
                    "seccomp_attr_set", "SCMP_FLTATR_CTL_NNP");
        }

        /**
         * Asks for a binary tree of syscall checks instead of a linear list (libseccomp 2.5+):
         * fewer instructions run per syscall for long profiles. libseccomp up to 2.5.4 builds a
         * bad tree for a filter without rules, so ask only when there are many.
         *
         * @return false if this libseccomp does not know the attribute
         */
        public boolean optimizeAsBinaryTree() {
            int r = (int) lib.attrSet.invoke(live(), SCMP_FLTATR_CTL_OPTIMIZE, OPTIMIZE_BINARY_TREE);
            if (r == -Errno.EINVAL || r == -Errno.EOPNOTSUPP) {
                return false;
            }
            checkResult(r, "seccomp_attr_set", "SCMP_FLTATR_CTL_OPTIMIZE");
            return true;
        }

        /** One rule: {@code action} when {@code syscall} is called and all {@code args} match. */
        public void addRule(int action, int syscall, List<ArgCompare> args) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment array = args.isEmpty() ? MemorySegment.NULL : arena.allocate(ARG_CMP, args.size());
                for (int i = 0; i < args.size(); i++) {
                    MemorySegment cmp = array.asSlice(i * ARG_CMP.byteSize(), ARG_CMP);
                    cmp.set(JAVA_INT, 0, args.get(i).arg());
                    cmp.set(JAVA_INT, 4, args.get(i).op().code);
                    cmp.set(JAVA_LONG, 8, args.get(i).datumA());
                    cmp.set(JAVA_LONG, 16, args.get(i).datumB());
                }
                checkResult((int) lib.ruleAddArray.invoke(live(), action, syscall, args.size(), array.address()),
                        "seccomp_rule_add_array", "syscall " + syscall + ", action 0x" + Integer.toHexString(action));
            }
        }

        /** The filter as classic BPF: struct sock_filter instructions, 8 bytes each. */
        public byte[] exportBpf() {
            try (Arena arena = Arena.ofConfined();
                 Fd memfd = Fd.adopt((int) MEMFD_CREATE.check("seccomp bpf",
                         arena.allocateFrom("berth-seccomp-bpf").address(), MFD_CLOEXEC))) {
                checkResult((int) lib.exportBpf.invoke(live(), memfd.number()), "seccomp_export_bpf", memfd.toString());
                LSEEK.check(memfd.toString(), memfd.number(), 0L, SEEK_SET);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (byte[] chunk = FileCalls.read(memfd, 65536); chunk.length > 0; chunk = FileCalls.read(memfd, 65536)) {
                    out.writeBytes(chunk);
                }
                return out.toByteArray();
            }
        }

        /** seccomp_release; the context is unusable afterwards. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            lib.release.invoke(ctx);
        }

        private long live() {
            if (closed) {
                throw new IllegalStateException("libseccomp filter context already released");
            }
            return ctx;
        }
    }

    private static void checkResult(int result, String function, String subject) {
        if (result < 0) {
            throw new SyscallException(function, subject, -result);
        }
    }

    private static Handles handles() {
        Handles h = handles;
        if (h == null) {
            synchronized (LibSeccomp.class) {
                h = handles;
                if (h == null) {
                    h = Handles.link(lookup(LIBRARY));
                    handles = h;
                }
            }
        }
        return h;
    }

    /** Loads {@code library} for good, or explains what is missing. */
    static SymbolLookup lookup(String library) {
        try {
            return SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(library + " could not be loaded; seccomp needs libseccomp"
                    + " (Debian/Ubuntu package libseccomp2, Fedora libseccomp): " + e.getMessage(), e);
        }
    }

    /**
     * The libseccomp functions Berth calls, all checked for when the library is first used. errno
     * means nothing after them: libseccomp returns -errno.
     */
    private record Handles(LibcFunction init, LibcFunction release, LibcFunction archAdd,
                           LibcFunction attrSet, LibcFunction ruleAddArray, LibcFunction exportBpf,
                           LibcFunction archResolveName, LibcFunction syscallResolveName,
                           LibcFunction syscallResolveNameArch, LibcFunction archNative) {
        static Handles link(SymbolLookup lib) {
            return new Handles(
                    // seccomp_init(3): returns scmp_filter_ctx, a pointer
                    LibcFunction.ofLong(lib, present(lib, "seccomp_init")),
                    // seccomp_release(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_release")),
                    // seccomp_arch_add(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_arch_add")),
                    // seccomp_attr_set(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_attr_set")),
                    // seccomp_rule_add_array(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_rule_add_array")),
                    // seccomp_export_bpf(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_export_bpf")),
                    // seccomp_arch_resolve_name(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_arch_resolve_name")),
                    // seccomp_syscall_resolve_name(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_syscall_resolve_name")),
                    // seccomp_syscall_resolve_name_arch(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_syscall_resolve_name_arch")),
                    // seccomp_arch_native(3)
                    LibcFunction.ofInt(lib, present(lib, "seccomp_arch_native")));
        }

        /** {@code name}, once {@code lib} is known to have it. */
        private static String present(SymbolLookup lib, String name) {
            if (lib.find(name).isEmpty()) {
                throw new IllegalStateException(LIBRARY + " has no symbol " + name + " (libseccomp too old?)");
            }
            return name;
        }
    }
}
