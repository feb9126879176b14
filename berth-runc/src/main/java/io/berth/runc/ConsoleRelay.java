package io.berth.runc;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Terminals;
import io.berth.linux.UnixSockets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * For a foreground `run` of a process with a terminal and no --console-socket: receives the
 * pty master itself and copies between it and our own stdio, in raw mode when our stdin is a
 * terminal, as runc does.
 */
final class ConsoleRelay implements AutoCloseable {
    private final Fd listening;
    private final String address;
    private final CompletableFuture<Fd> master;
    private byte[] savedTermios;
    private Fd attached;
    private Thread output;

    private ConsoleRelay(Fd listening, String address) {
        this.listening = listening;
        this.address = address;
        this.master = CompletableFuture.supplyAsync(() -> {
            try (Fd connection = UnixSockets.accept(listening)) {
                return UnixSockets.receiveFd(connection);
            }
        }, task -> Thread.ofPlatform().daemon().name("console-accept").start(task));
    }

    /** Listens on an abstract socket, so nothing is left on disk if we die. */
    static ConsoleRelay open(String id) {
        String address = "@berth-runc-console-" + ProcessHandle.current().pid() + "-" + id;
        return new ConsoleRelay(UnixSockets.listen(address), address);
    }

    /** What to pass as --console-socket. */
    String address() {
        return address;
    }

    /** Once the container exists: take the master and start copying both ways. */
    void attach() throws InterruptedException {
        try {
            attached = master.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the container's terminal did not arrive on the console socket", e);
        }
        if (Terminals.isTerminal(0)) {
            int[] size = Terminals.windowSize(0);
            Terminals.setWindowSize(attached, size[0], size[1]);
            savedTermios = Terminals.makeRaw(0);
        }
        Fd stdin = Fd.adopt(0);
        Fd stdout = Fd.adopt(1);
        Thread.ofPlatform().daemon().name("console-in").start(() -> copy(stdin, attached));
        output = Thread.ofPlatform().daemon().name("console-out").start(() -> copy(attached, stdout));
    }

    /** Waits briefly for the last output after the process ended, then restores our terminal. */
    @Override
    public void close() {
        if (output != null) {
            try {
                output.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (savedTermios != null) {
            Terminals.restore(0, savedTermios);
        }
        listening.close();
        master.cancel(true);
    }

    private static void copy(Fd from, Fd to) {
        try {
            while (true) {
                byte[] chunk = FileCalls.read(from, 8192);
                if (chunk.length == 0) {
                    return;
                }
                FileCalls.writeAll(to, chunk);
            }
        } catch (RuntimeException e) {
            // EIO from the master once the container side closes: the copy is over
        }
    }
}
