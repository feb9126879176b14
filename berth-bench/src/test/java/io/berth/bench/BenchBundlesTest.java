package io.berth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchBundlesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path bundle() throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("given"));
        Files.createDirectories(bundle.resolve("rootfs"));
        Files.writeString(bundle.resolve("config.json"), """
                {"ociVersion": "1.0.2", "process": {"terminal": true, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs"}, "linux": {"cgroupsPath": "/shared", "namespaces": [{"type": "pid"}]}}""");
        return bundle;
    }

    @Test
    void bothBundlesShareTheRootfsAndGetTheirOwnCommandAndCgroups() throws IOException {
        Path given = bundle();
        BenchBundles bundles = BenchBundles.derive(given, Files.createDirectories(dir.resolve("work")), null);

        JsonNode runsTrue = JSON.readTree(bundles.runsTrue().resolve("config.json").toFile());
        JsonNode runsSleep = JSON.readTree(bundles.runsSleep().resolve("config.json").toFile());
        assertEquals("[\"true\"]", runsTrue.at("/process/args").toString());
        assertEquals("[\"sleep\",\"600\"]", runsSleep.at("/process/args").toString());
        assertFalse(runsTrue.at("/process/terminal").asBoolean());
        assertEquals(given.resolve("rootfs").toAbsolutePath().toString(), runsSleep.at("/root/path").asText());
        assertTrue(runsTrue.at("/linux/cgroupsPath").isMissingNode(), "each container gets a cgroup of its own");
        assertEquals("pid", runsTrue.at("/linux/namespaces/0/type").asText(), "the rest is kept");
        assertTrue(JSON.readTree(given.resolve("config.json").toFile()).at("/process/terminal").asBoolean(),
                "the given bundle is not changed");
    }

    @Test
    void aSeccompProfileGoesIntoBothAndAWrongOneIsNamed() throws IOException {
        Path profile = Files.writeString(dir.resolve("profile.json"), "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
        BenchBundles bundles = BenchBundles.derive(bundle(), Files.createDirectories(dir.resolve("work")), profile);
        assertEquals("SCMP_ACT_ALLOW", JSON.readTree(bundles.runsTrue().resolve("config.json").toFile())
                .at("/linux/seccomp/defaultAction").asText());

        Path wrong = Files.writeString(dir.resolve("wrong.json"), "[1, 2]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchBundles.derive(bundle(), dir.resolve("work2"), wrong));
        assertTrue(e.getMessage().contains("wrong.json"), e.getMessage());
    }

    @Test
    void aBundleWithoutConfigIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchBundles.derive(dir, dir.resolve("work"), null));
        assertTrue(e.getMessage().contains("has no config.json"), e.getMessage());
    }
}
