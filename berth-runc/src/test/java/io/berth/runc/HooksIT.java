package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every hook kind runs at its point in the lifecycle with the state JSON on stdin. */
class HooksIT extends ContainerTest {
    private static final List<String> KINDS =
            List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    @Test
    void allHooksRunInOrderWithTheState() throws Exception {
        Path log = fx.dir.resolve("hooks.log");
        Path hook = hookScript("cat >> " + log + "; echo \" $1\" >> " + log);
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "true");
            ObjectNode hooks = c.putObject("hooks");
            for (String kind : KINDS) {
                ObjectNode h = hooks.putArray(kind).addObject();
                h.put("path", hook.toString());
                ObjectNodes.strings(h, "args", "hook", kind);
            }
            // startContainer runs inside the container: the script and log must be at the same path there
            ObjectNodes.bind(c, fx.dir.toString(), fx.dir.toString());
        });
        String id = fx.id();
        var r = fx.run("run", "--bundle", bundle.toString(), id);
        assertEquals(0, r.code(), r.toString());
        List<String> lines = Files.readAllLines(log);
        List<String> kinds = lines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertEquals(KINDS, kinds, String.join("\n", lines));
        for (String line : lines) {
            var state = RuncFixture.JSON.readTree(line.substring(0, line.lastIndexOf('}') + 1));
            assertEquals(id, state.get("id").asText());
            assertEquals(bundle.toString(), state.get("bundle").asText());
        }
        assertTrue(lines.getFirst().contains("\"status\":\"creating\""), lines.getFirst());
        assertTrue(lines.getLast().contains("\"status\":\"stopped\""), lines.getLast());
    }

    @Test
    void aFailingPrestartHookStopsCreate() throws Exception {
        Path hook = hookScript("echo hook says no >&2; exit 7");
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "true");
            c.putObject("hooks").putArray("prestart").addObject().put("path", hook.toString());
        });
        var r = fx.run("create", "--bundle", bundle.toString(), fx.id());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("prestart hook #0 (" + hook + ") failed with exit status 7: hook says no"),
                r.toString());
        assertEquals("", fx.run("list", "-q").out());
    }

    @Test
    void aHookPastItsTimeoutIsKilled() throws Exception {
        Path hook = hookScript("sleep 30");
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "true");
            c.putObject("hooks").putArray("createRuntime").addObject().put("path", hook.toString()).put("timeout", 1);
        });
        long start = System.nanoTime();
        var r = fx.run("create", "--bundle", bundle.toString(), fx.id());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("timed out after 1s"), r.toString());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "the timeout was honoured");
    }

    private Path hookScript(String body) throws Exception {
        Path script = Files.createTempFile(fx.dir, "hook", ".sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }
}
