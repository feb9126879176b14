package io.berth.linux;

/**
 * A system call failed. The message names the call, what it acted on and the kernel's errno,
 * e.g. {@code mount(proc on /proc): EPERM (Operation not permitted)}.
 */
public final class SyscallException extends RuntimeException {
    private final String syscall;
    private final int errno;

    public SyscallException(String syscall, String subject, int errno) {
        super(syscall + "(" + subject + "): " + Errno.describe(errno));
        this.syscall = syscall;
        this.errno = errno;
    }

    public String syscall() {
        return syscall;
    }

    public int errno() {
        return errno;
    }

    public boolean is(int expected) {
        return errno == expected;
    }
}
