package io.berth.linux;

/** How a process ended: an exit code, or the signal that killed it. */
public record ExitStatus(int code, int signal) {
    static ExitStatus decode(int status) {
        int sig = status & 0x7f;
        return sig == 0 ? new ExitStatus((status >> 8) & 0xff, 0) : new ExitStatus(0, sig);
    }

    /** The shell convention: the exit code, or 128 + the signal. */
    public int shellCode() {
        return signal == 0 ? code : 128 + signal;
    }
}
