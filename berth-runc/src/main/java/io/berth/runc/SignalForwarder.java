package io.berth.runc;

import io.berth.linux.Processes;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** In the foreground `run`, passes the signals a user sends us on to the container's process. */
final class SignalForwarder implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2", "WINCH");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    static SignalForwarder install(int pid) {
        SignalForwarder f = new SignalForwarder();
        for (String name : FORWARDED) {
            try {
                Signal sig = new Signal(name);
                f.previous.add(Signal.handle(sig, s -> Processes.kill(pid, s.getNumber())));
                f.signals.add(sig);
            } catch (IllegalArgumentException e) {
                // the JVM reserves this signal (e.g. QUIT without -Xrs); leave it alone
            }
        }
        return f;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
