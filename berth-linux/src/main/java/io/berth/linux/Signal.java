package io.berth.linux;

import java.util.Locale;

/** Standard signals (signal(7)); real-time ones are parsed to numbers by {@link #parse}. */
public enum Signal {
    SIGHUP(1), SIGINT(2), SIGQUIT(3), SIGILL(4), SIGTRAP(5), SIGABRT(6), SIGBUS(7), SIGFPE(8),
    SIGKILL(9), SIGUSR1(10), SIGSEGV(11), SIGUSR2(12), SIGPIPE(13), SIGALRM(14), SIGTERM(15),
    SIGSTKFLT(16), SIGCHLD(17), SIGCONT(18), SIGSTOP(19), SIGTSTP(20), SIGTTIN(21), SIGTTOU(22),
    SIGURG(23), SIGXCPU(24), SIGXFSZ(25), SIGVTALRM(26), SIGPROF(27), SIGWINCH(28), SIGIO(29),
    SIGPWR(30), SIGSYS(31);

    public static final int SIGRTMIN = 34;
    public static final int SIGRTMAX = 64;

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /**
     * Parses "TERM", "SIGTERM", "sigterm", "15", "RTMIN+3" or "SIGRTMAX-1" to a signal number.
     *
     * @throws IllegalArgumentException naming the input if it is no signal
     */
    public static int parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            if (n >= 0 && n <= SIGRTMAX) { // 0: only whether the process exists, as kill(2) and runc take it
                return n;
            }
            throw new IllegalArgumentException("invalid signal: " + text);
        }
        if (!s.startsWith("SIG")) {
            s = "SIG" + s;
        }
        if (s.startsWith("SIGRTMIN") || s.startsWith("SIGRTMAX")) {
            int base = s.startsWith("SIGRTMIN") ? SIGRTMIN : SIGRTMAX;
            String rest = s.substring(8);
            try {
                int n = rest.isEmpty() ? base : base + Integer.parseInt(rest);
                if (n >= SIGRTMIN && n <= SIGRTMAX) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
            throw new IllegalArgumentException("invalid signal: " + text);
        }
        if (s.equals("SIGIOT")) {
            return SIGABRT.number;
        }
        if (s.equals("SIGCLD")) {
            return SIGCHLD.number;
        }
        for (Signal sig : values()) {
            if (sig.name().equals(s)) {
                return sig.number;
            }
        }
        throw new IllegalArgumentException("invalid signal: " + text);
    }
}
