package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.runtime.seccomp.SeccompProgramStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** berth-runc create keeps compiled seccomp programs under --root for the next create with the same profile. */
class SeccompProgramsIT extends ContainerTest {

    private Path confined(String script) throws Exception {
        return fx.bundle(c -> {
            ObjectNodes.seccompDenyingMkdir(c);
            RuncFixture.args(c, "sh", "-c", script);
        });
    }

    @Test
    void containersWithTheSameProfileShareOneStoredProgramAndEachIsFiltered() throws Exception {
        String script = "grep Seccomp: /proc/self/status; mkdir /tmp/d$$ 2>&1";
        var first = fx.run("run", "--bundle", confined(script).toString(), fx.id());
        assertTrue(first.out().contains("Seccomp:\t2") && first.out().contains("Operation not permitted"), first.toString());

        Path store = fx.root.resolve(SeccompProgramStore.DIRECTORY);
        List<Path> entries;
        try (var list = Files.list(store)) {
            entries = list.toList();
        }
        assertEquals(1, entries.size(), "one program for the profile: " + entries);
        FileTime written = Files.getLastModifiedTime(entries.getFirst());

        // another bundle with the same profile (and another process): the stored program is read
        var second = fx.run("run", "--bundle", confined("sleep 0; " + script).toString(), fx.id());
        assertTrue(second.out().contains("Seccomp:\t2") && second.out().contains("Operation not permitted"), second.toString());
        try (var again = Files.list(store)) {
            assertEquals(entries, again.toList(), "the same one entry");
        }
        assertEquals(written, Files.getLastModifiedTime(entries.getFirst()), "read, not written again");

        var list = fx.run("list", "--quiet");
        assertEquals(0, list.code(), list.toString());
        assertFalse(list.out().contains(SeccompProgramStore.DIRECTORY), "the store is no container: " + list);
    }
}
