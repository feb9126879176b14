package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** berth volume create/ls/inspect/rm through bin/berth, with a real loop-mounted ext4 image. */
@RequiresRoot
class VolumeCliIT {
    private Path root;
    private BerthCli berth;
    private final String name = "berth-it-vol-" + ProcessHandle.current().pid();

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("berth-vol-cli-");
        berth = new BerthCli(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        berth.run("volume", "rm", name);
        TempDirs.delete(root);
    }

    @Test
    void sizedVolumeIsAMountedExt4WithAHardCap() throws IOException {
        assertEquals(name, berth.check("volume", "create", "--size", "16M", "--label", "team=a", name).stdoutText().strip());
        JsonNode v = new ObjectMapper().readTree(berth.check("volume", "inspect", name).stdout()).get(0);
        assertEquals(name, v.get("Name").asText());
        assertEquals("local", v.get("Driver").asText());
        assertEquals("a", v.get("Labels").get("team").asText());
        Path data = Path.of(v.get("Mountpoint").asText());
        assertEquals(root.resolve("volumes").resolve(name).resolve("_data"), data);
        assertEquals(16L << 20, v.get("Size").asLong());
        assertTrue(v.get("UsageData").get("Total").asLong() > 10L << 20, v.toString());

        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertTrue(mounts.lines().anyMatch(l -> l.contains(" " + data + " ") && l.contains(" ext4 ")), "ext4 at " + data);
        Command.Result fill = Command.of("dd", "if=/dev/zero", "of=" + data.resolve("fill"), "bs=1M", "count=64").run();
        assertNotEquals(0, fill.exitCode(), "writing 64M into a 16M volume must fail");
        assertTrue(fill.stderr().contains("No space left on device"), fill.stderr());

        String ls = berth.check("volume", "ls").stdoutText();
        assertTrue(ls.startsWith("DRIVER"), ls);
        assertTrue(ls.lines().anyMatch(l -> l.startsWith("local") && l.contains(name) && l.contains("16.8MB")), ls);

        assertEquals(name, berth.check("volume", "rm", name).stdoutText().strip());
        assertFalse(Files.exists(root.resolve("volumes").resolve(name)));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(data.toString()));
    }

    @Test
    void badVolumeRequestsAreClearErrors() throws IOException {
        Command.Result small = berth.run("volume", "create", "--size", "1k", name);
        assertEquals(1, small.exitCode());
        assertTrue(small.stderr().contains("size"), small.stderr());
        Command.Result badName = berth.run("volume", "create", "bad/name");
        assertEquals(1, badName.exitCode());
        assertTrue(badName.stderr().contains("bad/name"), badName.stderr());
        Command.Result unknown = berth.run("volume", "rm", "no-such-volume-x");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.stderr().contains("no-such-volume-x"), unknown.stderr());
        assertEquals("", berth.check("volume", "ls", "-q").stdoutText().strip());
    }
}
