package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.UnixSockets;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** process.terminal with --console-socket: the pty master arrives over SCM_RIGHTS, as with runc. */
class ConsoleSocketIT extends ContainerTest {

    @Test
    void thePtyMasterIsHandedOverAndIsTheContainersTerminal() throws Exception {
        String socketPath = fx.dir.resolve("console.sock").toString();
        try (Fd listening = UnixSockets.listen(socketPath)) {
            CompletableFuture<Fd> master = CompletableFuture.supplyAsync(() -> {
                try (Fd conn = UnixSockets.accept(listening)) {
                    return UnixSockets.receiveFd(conn);
                }
            });
            var bundle = fx.bundle(c -> {
                RuncFixture.process(c).put("terminal", true);
                RuncFixture.process(c).putObject("consoleSize").put("height", 40).put("width", 132);
                RuncFixture.args(c, "sh", "-c", "tty; stty size; [ -t 0 ] && echo stdin-is-a-tty");
            });
            String id = fx.id();
            var r = fx.run("run", "--detach", "--console-socket", socketPath, "--bundle", bundle.toString(), id);
            assertEquals(0, r.code(), r.toString());
            try (Fd fd = master.get(30, TimeUnit.SECONDS)) {
                StringBuilder out = new StringBuilder();
                while (!out.toString().contains("stdin-is-a-tty")) {
                    byte[] chunk;
                    try {
                        chunk = FileCalls.read(fd, 4096);
                    } catch (RuntimeException e) {
                        break; // EIO: the container side closed
                    }
                    if (chunk.length == 0) {
                        break;
                    }
                    out.append(new String(chunk, StandardCharsets.UTF_8));
                }
                String text = out.toString().replace("\r", "");
                assertTrue(text.startsWith("/dev/pts/0\n40 132\nstdin-is-a-tty"), text);
            }
        }
    }

    @Test
    void aTerminalWithoutAConsoleSocketIsRefusedOnCreate() throws Exception {
        var bundle = fx.bundle(c -> RuncFixture.process(c).put("terminal", true));
        var r = fx.run("create", "--bundle", bundle.toString(), fx.id());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot allocate tty if berth-runc will detach without setting console socket"),
                r.toString());
    }

    @Test
    void aForegroundRunRelaysTheTerminalItself() throws Exception {
        var bundle = fx.bundle(c -> {
            RuncFixture.process(c).put("terminal", true);
            RuncFixture.args(c, "sh", "-c", "tty; [ -t 0 ] && echo stdin-is-a-tty; exit 7");
        });
        var r = fx.runWithInput("", "run", "--bundle", bundle.toString(), fx.id());
        assertEquals(7, r.code(), r.toString());
        assertTrue(r.out().replace("\r", "").contains("/dev/pts/0\nstdin-is-a-tty\n"), r.toString());
    }

    @Test
    void aDetachedRunWithATerminalNeedsAConsoleSocket() throws Exception {
        var bundle = fx.bundle(c -> RuncFixture.process(c).put("terminal", true));
        var r = fx.run("run", "--detach", "--bundle", bundle.toString(), fx.id());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot allocate tty if berth-runc will detach without setting console socket"),
                r.toString());
    }
}
