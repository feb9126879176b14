package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.TestImages;
import io.berth.testing.registry.LocalRegistry;
import io.berth.testing.registry.RegistryWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** berth image pull/ls/inspect/tag/rm and bundle + berth-runc run, against a real registry. */
@RequiresRoot
class ImagePullIT {
    private static RegistryWorkspace space;
    private static LocalRegistry registry;
    private static Path work;
    private static OciImage busybox;

    @BeforeAll
    static void startRegistry() throws IOException {
        space = RegistryWorkspace.start("berth-cli-it-");
        registry = space.registry();
        work = space.work();
        busybox = TestImages.busybox();
        busybox.writeLayout(work.resolve("layout"), "latest").pushTo(registry, "test/busybox:latest");
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        if (space != null) {
            space.close();
        }
    }

    private BerthCli store(String name) throws IOException {
        return new BerthCli(Files.createDirectories(work.resolve(name)));
    }

    @Test
    void pullListInspectTagRemove() throws IOException {
        BerthCli berth = store("basic");
        String ref = registry.host() + "/test/busybox:latest";
        Command.Result pull = berth.check("image", "pull", ref);
        String out = pull.stdoutText();
        assertTrue(out.contains("latest: Pulling from test/busybox"), out);
        assertTrue(out.contains(busybox.layerDigests().getFirst().substring(7, 19) + ": Pull complete"), out);
        assertTrue(out.contains("Digest: " + busybox.digest()), out);
        assertTrue(out.contains("Status: Downloaded newer image for " + ref), out);
        assertTrue(out.strip().endsWith(ref), out);

        Command.Result again = berth.check("image", "pull", ref);
        assertTrue(again.stdoutText().contains("Already exists"), again.stdoutText());
        assertTrue(again.stdoutText().contains("Status: Image is up to date for " + ref), again.stdoutText());

        String ls = berth.check("image", "ls").stdoutText();
        String imageId = busybox.configDigest().substring(7, 19);
        assertTrue(ls.startsWith("REPOSITORY"), ls);
        assertTrue(ls.lines().anyMatch(l -> l.startsWith(registry.host() + "/test/busybox") && l.contains("latest")
                && l.contains(imageId)), ls);

        JsonNode inspect = new ObjectMapper().readTree(berth.check("image", "inspect", ref).stdout()).get(0);
        assertEquals(busybox.configDigest(), inspect.get("Id").asText());
        assertEquals(ref, inspect.get("RepoTags").get(0).asText());
        assertEquals(registry.host() + "/test/busybox@" + busybox.digest(), inspect.get("RepoDigests").get(0).asText());
        assertEquals(busybox.diffIds().getFirst(), inspect.get("RootFS").get("Layers").get(0).asText());
        assertEquals("sh", inspect.get("Config").get("Cmd").get(0).asText());
        assertTrue(inspect.get("Size").asLong() > 500_000, "busybox is bigger than 500 kB");

        berth.check("image", "tag", imageId, "mine:v1");
        String tagged = berth.check("image", "ls", "--format", "json").stdoutText();
        assertTrue(tagged.contains("\"Repository\":\"mine\",\"Tag\":\"v1\""), tagged);

        Command.Result untag = berth.check("image", "rm", "mine:v1");
        assertEquals("Untagged: mine:v1", untag.stdoutText().strip());
        Command.Result rm = berth.check("image", "rm", ref);
        assertTrue(rm.stdoutText().contains("Deleted: " + busybox.configDigest()), rm.stdoutText());
        assertEquals("", berth.check("image", "ls", "-q").stdoutText().strip());
        try (var blobs = Files.walk(berth.root().resolve("content/blobs"))) {
            assertEquals(0, blobs.filter(Files::isRegularFile).count(), "rm collects the image's blobs");
        }
        try (var snaps = Files.list(berth.root().resolve("snapshots/committed"))) {
            assertEquals(0, snaps.count(), "rm collects the image's layer snapshots");
        }
    }

    @Test
    void bundleRunsWithBerthRuncAndUnbundleLeavesTheDirectoryEmpty() throws IOException {
        BerthCli berth = store("bundle");
        String ref = registry.host() + "/test/busybox:latest";
        berth.check("image", "pull", "-q", ref);
        Path bundle = work.resolve("bundle-dir");
        berth.check("image", "bundle", ref, bundle.toString());
        try {
            JsonNode config = new ObjectMapper().readTree(bundle.resolve("config.json").toFile());
            assertEquals("sh", config.get("process").get("args").get(0).asText());
            assertEquals(14, config.get("process").get("capabilities").get("bounding").size());

            Path spec = bundle.resolve("config.json");
            String json = Files.readString(spec).replace("\"sh\"", "\"sh\", \"-c\", \"echo hello from $(hostname); cat /etc/passwd | head -1\"");
            Files.writeString(spec, json);
            String id = "berth-it-" + ProcessHandle.current().pid();
            Command.Result run = Command.of(BerthCli.RUNC, "--root", work.resolve("runc").toString(), "run", "-b", bundle.toString(), id)
                    .withTimeout(java.time.Duration.ofMinutes(1)).run();
            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(run.stdoutText().contains("hello from "), run.stdoutText());
            assertTrue(run.stdoutText().contains("root:x:0:0"), run.stdoutText());
        } finally {
            berth.check("image", "unbundle", bundle.toString());
        }
        try (var left = Files.list(bundle)) {
            assertEquals(0, left.count(), "unbundle leaves the directory empty");
        }
        Command.Result refused = berth.run("image", "rm", ref);
        assertEquals(0, refused.exitCode(), "with the bundle gone, the image can go: " + refused.stderr());
    }

    @Test
    void multiPlatformIndexPicksThePlatformAndAMovedTagLeavesADanglingImageForPrune() throws IOException {
        BerthCli berth = store("prune");
        var index = TestImages.busyboxMultiPlatform();
        index.writeLayout(work.resolve("multi-layout"), "latest").pushTo(registry, "test/multi:latest");
        String ref = registry.host() + "/test/multi:latest";
        OciImage amd64 = TestImages.busybox(io.berth.testing.image.ImagePlatform.LINUX_AMD64);
        OciImage arm64 = TestImages.busybox(io.berth.testing.image.ImagePlatform.LINUX_ARM64);

        Command.Result pull = berth.check("image", "pull", ref);
        assertTrue(pull.stdoutText().contains("Digest: " + index.digest()), pull.stdoutText());
        JsonNode first = new ObjectMapper().readTree(berth.check("image", "inspect", ref).stdout()).get(0);
        assertEquals(amd64.configDigest(), first.get("Id").asText(), "this machine's platform is chosen");
        assertEquals(registry.host() + "/test/multi@" + index.digest(), first.get("RepoDigests").get(0).asText());

        Command.Result other = berth.check("image", "pull", "--platform", "linux/arm64", ref);
        assertTrue(other.stdoutText().contains("Downloaded newer image"), other.stdoutText());
        String ls = berth.check("image", "ls").stdoutText();
        assertTrue(ls.lines().anyMatch(l -> l.contains("<none>") && l.contains(amd64.configDigest().substring(7, 19))),
                "the amd64 image lost its tag and is dangling: " + ls);

        Command.Result prune = berth.check("image", "prune");
        assertTrue(prune.stdoutText().contains("deleted: " + amd64.configDigest()), prune.stdoutText());
        assertTrue(prune.stdoutText().contains("Total reclaimed space: "), prune.stdoutText());
        assertEquals(arm64.configDigest().substring(7, 19), berth.check("image", "ls", "-q").stdoutText().strip(),
                "the tagged image stays");
        Command.Result pruneAll = berth.check("image", "prune", "-a");
        assertTrue(pruneAll.stdoutText().contains("deleted: " + arm64.configDigest()), pruneAll.stdoutText());
        assertEquals("", berth.check("image", "ls", "-q").stdoutText().strip());

        Command.Result none = berth.run("image", "pull", "--platform", "linux/s390x", ref);
        assertEquals(1, none.exitCode());
        assertTrue(none.stderr().contains("linux/s390x") && none.stderr().contains("linux/amd64"), none.stderr());
    }

    @Test
    void bundleWithStorageOptSizeCapsTheWritableLayer() throws IOException {
        BerthCli berth = store("capped");
        String ref = registry.host() + "/test/busybox:latest";
        berth.check("image", "pull", "-q", ref);
        Path bundle = work.resolve("capped-bundle");
        berth.check("image", "bundle", "--storage-opt", "size=16M", ref, bundle.toString());
        try {
            Command.Result fill = Command.of("dd", "if=/dev/zero", "of=" + bundle.resolve("rootfs/fill"), "bs=1M", "count=64").run();
            assertNotEquals(0, fill.exitCode(), "the writable layer is capped at 16M");
            assertTrue(fill.stderr().contains("No space left on device"), fill.stderr());
            assertTrue(Files.exists(bundle.resolve("rootfs/bin/busybox")), "the image's layers are still there");
        } finally {
            berth.check("image", "unbundle", bundle.toString());
        }
        Command.Result bad = berth.run("image", "bundle", "--storage-opt", "size=lots", ref, work.resolve("bad-bundle").toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.stderr().contains("lots"), bad.stderr());
        assertFalse(Files.exists(work.resolve("bad-bundle")), "a refused bundle leaves nothing");
    }

    @Test
    void unknownImagesAndBadReferencesAreClearErrors() throws IOException {
        BerthCli berth = store("errors");
        Command.Result missing = berth.run("image", "pull", registry.host() + "/test/nope:latest");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("not found"), missing.stderr());
        Command.Result bad = berth.run("image", "pull", "Busy Box");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("invalid reference format"), bad.stderr());
        Command.Result noSuch = berth.run("image", "inspect", "nothing:here");
        assertEquals(1, noSuch.exitCode());
        assertTrue(noSuch.stderr().contains("No such image: nothing:here"), noSuch.stderr());
        assertFalse(Files.exists(berth.root().resolve("snapshots/staging")) && dirNotEmpty(berth.root().resolve("snapshots/staging")));
    }

    private static boolean dirNotEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }
}
