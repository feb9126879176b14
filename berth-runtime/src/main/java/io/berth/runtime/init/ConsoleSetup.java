package io.berth.runtime.init;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Terminals;
import io.berth.linux.UnixSockets;
import io.berth.runtime.spec.Process;
import java.nio.charset.StandardCharsets;

/**
 * process.terminal: a new pty from the container's devpts becomes the caller's controlling
 * terminal and stdio; the master goes out through the console socket, as runc sends it.
 */
final class ConsoleSetup {
    private ConsoleSetup() {}

    /** Must run on the thread that will execve, inside the container's mount namespace. */
    static void attach(Fd consoleSocket, Process process) {
        try (Fd socket = consoleSocket;
             Fd master = FileCalls.open("/dev/ptmx", FileCalls.O_RDWR | FileCalls.O_NOCTTY | FileCalls.O_CLOEXEC, 0);
             Fd slave = Terminals.openPeer(master)) {
            if (process.consoleSize() != null) {
                Terminals.setWindowSize(slave, process.consoleSize().height(), process.consoleSize().width());
            }
            String name = FileCalls.readlink(slave.procPath());
            UnixSockets.sendFd(socket, master, name.getBytes(StandardCharsets.UTF_8));
            Terminals.setControlling(slave);
            for (int std = 0; std < 3; std++) {
                FileCalls.dup3(slave.number(), std, 0);
            }
        }
    }
}
