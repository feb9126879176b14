package io.berth.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Errno;
import io.berth.linux.SyscallException;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/** The single downcall shape must pass and return values as each C prototype declares them. */
class LibcFunctionTest {
    @Test
    void negativeIntResultsAreSignExtended() {
        try (Arena arena = Arena.ofConfined()) {
            // int atoi(const char *): without narrowing, -42 would read as 4294967254
            assertEquals(-42, LibcFunction.ofInt("atoi").invoke(arena.allocateFrom("-42").address()));
        }
    }

    @Test
    void longResultsKeepAllSixtyFourBits() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(-9_000_000_000L, LibcFunction.ofLong("atol").invoke(arena.allocateFrom("-9000000000").address()));
        }
    }

    @Test
    void intArgumentsAreReadFromTheLowHalf() {
        // int abs(int): a negative int widened to long keeps its low 32 bits
        assertEquals(7, LibcFunction.ofInt("abs").invoke(-7));
    }

    @Test
    void failureNamesTheFunctionAndErrno() {
        SyscallException e = assertThrows(SyscallException.class, () -> LibcFunction.ofInt("close").check("fd -1", -1));
        assertEquals("close", e.syscall());
        assertEquals(Errno.EBADF, e.errno());
    }

    @Test
    void rawSyscallPassesArgumentsAndErrno() {
        long fd = RawSyscall.call("pidfd_open", "self", Syscall.PIDFD_OPEN, ProcessHandle.current().pid(), 0);
        assertTrue(fd >= 0, "pidfd " + fd);
        LibcFunction.ofInt("close").check("pidfd", fd);
        assertEquals(-Errno.EINVAL, RawSyscall.callOrErrno(Syscall.PIDFD_OPEN, -1, 0));
    }

    @Test
    void missingSymbolIsNamed() {
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class,
                () -> LibcFunction.ofInt("berth_no_such_function").invoke());
        assertEquals("no C function berth_no_such_function", e.getMessage());
    }
}
