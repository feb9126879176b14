package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.image.HostileLayer;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.Skopeo;
import io.berth.testing.image.TestImages;
import io.berth.testing.registry.LocalRegistry;
import io.berth.testing.registry.RegistryWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * berth image save/load/import against skopeo as the peer: skopeo reads the archives Berth saves,
 * and Berth loads what skopeo copy writes, with the same layers and image ID.
 */
@RequiresRoot
class ImageArchiveIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RegistryWorkspace space;
    private static LocalRegistry registry;
    private static Path work;
    private static OciImage busybox;
    private static String ref;

    @BeforeAll
    static void startRegistry() throws IOException {
        space = RegistryWorkspace.start("berth-cli-archive-it-");
        registry = space.registry();
        work = space.work();
        busybox = TestImages.busybox();
        busybox.writeLayout(work.resolve("layout"), "latest").pushTo(registry, "test/busybox:latest");
        ref = registry.host() + "/test/busybox:latest";
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        if (space != null) {
            space.close();
        }
    }

    private static BerthCli store(String name) throws IOException {
        return new BerthCli(Files.createDirectories(work.resolve(name)));
    }

    private static String skopeo(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Skopeo.PROGRAM.toString()));
        argv.addAll(Arrays.asList(args));
        return Command.of(argv).withTimeout(Duration.ofMinutes(2)).check().stdoutText();
    }

    @Test
    void skopeoReadsWhatBerthSaves() throws IOException {
        BerthCli berth = store("save");
        berth.check("image", "pull", "-q", ref);

        Path docker = work.resolve("busybox-docker.tar");
        berth.check("image", "save", "-o", docker.toString(), ref);
        JsonNode dockerInspect = JSON.readTree(skopeo("inspect", "docker-archive:" + docker));
        assertEquals(busybox.diffIds(), texts(dockerInspect.get("Layers")), "docker-archive layers are the uncompressed tars");
        JsonNode dockerRaw = JSON.readTree(skopeo("inspect", "--raw", "docker-archive:" + docker));
        assertEquals(busybox.configDigest(), dockerRaw.get("config").get("digest").asText(), "same config, same image ID");
        assertEquals("sh", JSON.readTree(skopeo("inspect", "--config", "docker-archive:" + docker))
                .get("config").get("Cmd").get(0).asText());

        Path oci = work.resolve("busybox-oci.tar");
        berth.check("image", "save", "--format", "oci-archive", "-o", oci.toString(), ref);
        JsonNode ociInspect = JSON.readTree(skopeo("inspect", "oci-archive:" + oci + ":" + ref));
        assertEquals(busybox.digest(), ociInspect.get("Digest").asText(), "the registry's manifest, found by its ref name");
        assertEquals(busybox.layerDigests(), texts(ociInspect.get("Layers")));

        Command.Result toStdout = Command.of("sh", "-c", "exec \"$0\" --root \"$1\" image save \"$2\"", BerthCli.LAUNCHER,
                berth.root().toString(), ref).withTimeout(Duration.ofMinutes(2)).run();
        assertEquals(0, toStdout.exitCode(), toStdout.stderr());
        assertArrayEquals(Files.readAllBytes(docker), toStdout.stdout(), "the same archive on stdout as with -o");
    }

    @Test
    void berthLoadsWhatSkopeoCopyWrites() throws IOException {
        BerthCli berth = store("load");
        Path docker = work.resolve("skopeo-docker.tar");
        skopeo("copy", "--quiet", "--src-tls-verify=false", "docker://" + ref, "docker-archive:" + docker + ":mine/busybox:v1");
        Command.Result loaded = berth.check("image", "load", "-i", docker.toString());
        assertEquals("Loaded image: mine/busybox:v1", loaded.stdoutText().strip());
        assertEquals(busybox.configDigest(), inspect(berth, "mine/busybox:v1").get("Id").asText(), "the same image ID");

        Path oci = work.resolve("skopeo-oci.tar");
        skopeo("copy", "--quiet", "--src-tls-verify=false", "docker://" + ref, "oci-archive:" + oci + ":mine/busybox:oci");
        Command.Result fromStdin = Command.of("sh", "-c", "exec \"$0\" --root \"$1\" image load < \"$2\"", BerthCli.LAUNCHER,
                berth.root().toString(), oci.toString()).withTimeout(Duration.ofMinutes(2)).run();
        assertEquals(0, fromStdin.exitCode(), fromStdin.stderr());
        assertEquals("Loaded image: mine/busybox:oci", fromStdin.stdoutText().strip());
        assertEquals(busybox.configDigest(), inspect(berth, "mine/busybox:oci").get("Id").asText());

        Command.Result again = berth.check("image", "load", "-q", "-i", docker.toString());
        assertEquals("Loaded image: mine/busybox:v1", again.stdoutText().strip(), "loading it twice only tags it again");
        assertEquals(1, berth.check("image", "ls", "-q").stdoutText().strip().lines().count());
    }

    @Test
    void anArchiveSavedByBerthLoadsIntoAnotherStore() throws IOException {
        BerthCli source = store("roundtrip-source");
        source.check("image", "pull", "-q", ref);
        source.check("image", "tag", ref, "copy:1");
        Path archive = work.resolve("roundtrip.tar");
        source.check("image", "save", "-o", archive.toString(), "copy:1", ref);

        BerthCli target = store("roundtrip-target");
        Command.Result loaded = target.check("image", "load", "-i", archive.toString());
        assertEquals(List.of("Loaded image: copy:1", "Loaded image: " + ref), loaded.stdoutText().strip().lines().toList());
        JsonNode image = inspect(target, "copy:1");
        assertEquals(busybox.configDigest(), image.get("Id").asText());
        assertEquals(busybox.diffIds().getFirst(), image.get("RootFS").get("Layers").get(0).asText());
    }

    @Test
    void badArchivesAreClearErrorsThatLeaveNothing() throws IOException {
        BerthCli berth = store("refused");
        Path truncated = work.resolve("truncated.tar");
        Path whole = work.resolve("whole.tar");
        skopeo("copy", "--quiet", "--src-tls-verify=false", "docker://" + ref, "docker-archive:" + whole + ":whole:1");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        Command.Result cut = berth.run("image", "load", "-i", truncated.toString());
        assertEquals(1, cut.exitCode());
        assertTrue(cut.stderr().startsWith("Error: ") && cut.stderr().contains("truncated"), cut.stderr());

        Path hostileLayout = work.resolve("hostile-layout");
        TestImages.hostile(HostileLayer.SYMLINK_WRITE_THROUGH).writeLayout(hostileLayout, "evil");
        Path hostile = work.resolve("hostile.tar");
        skopeo("copy", "--quiet", "oci:" + hostileLayout + ":evil", "docker-archive:" + hostile + ":evil:1");
        Command.Result refused = berth.run("image", "load", "-i", hostile.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().contains("(evil:1) layer 1 of 1") && refused.stderr().contains("refused")
                && refused.stderr().contains(HostileLayer.CANARY), refused.stderr());
        assertFalse(Files.exists(Path.of("/etc", HostileLayer.CANARY)));

        assertEquals("", berth.check("image", "ls", "-q").stdoutText().strip(), "nothing is recorded");
        assertEquals(List.of(), children(berth.root().resolve("snapshots/committed")), "no snapshot is left");
        assertEquals(List.of(), children(berth.root().resolve("snapshots/staging")), "no staging is left");
        assertEquals(List.of(), children(berth.root().resolve("tmp")), "no spooled member is left");
    }

    @Test
    void saveRefusesATerminalAndNeedsKnownImages() throws IOException {
        BerthCli berth = store("terminal");
        berth.check("image", "pull", "-q", ref);
        // script(1) gives the command a terminal for its stdout
        Command.Result terminal = Command.of("script", "-qec", BerthCli.LAUNCHER + " --root " + berth.root()
                + " image save " + ref, "/dev/null").withTimeout(Duration.ofMinutes(2)).run();
        assertEquals(1, terminal.exitCode());
        assertTrue(terminal.stdoutText().contains("cowardly refusing to save to a terminal. Use the -o flag or redirect"),
                terminal.stdoutText());

        Path out = work.resolve("never.tar");
        Command.Result unknown = berth.run("image", "save", "-o", out.toString(), ref, "nothing:here");
        assertEquals(1, unknown.exitCode());
        assertEquals("Error: No such image: nothing:here", unknown.stderr().strip());
        assertFalse(Files.exists(out), "a failed save leaves no file");
        Command.Result format = berth.run("image", "save", "--format", "zip", "-o", out.toString(), ref);
        assertTrue(format.stderr().contains("unknown archive format \"zip\""), format.stderr());
    }

    @Test
    void importMakesAOneLayerImageFromAFileOrStdin() throws IOException {
        BerthCli berth = store("import");
        Path rootfs = work.resolve("rootfs.tar.gz");
        Files.write(rootfs, TestImages.busyboxLayer().gzip());

        Command.Result imported = berth.check("image", "import", "--change", "CMD [\"sh\"]", "-c", "ENV A=b",
                rootfs.toString(), "imported:1");
        String id = imported.stdoutText().strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        JsonNode image = inspect(berth, "imported:1");
        assertEquals(id, image.get("Id").asText());
        assertEquals("sh", image.get("Config").get("Cmd").get(0).asText());
        assertEquals("A=b", image.get("Config").get("Env").get(0).asText());
        assertEquals(busybox.diffIds().getFirst(), image.get("RootFS").get("Layers").get(0).asText(),
                "the layer is the tarball's tar, whatever it was compressed with");

        Command.Result fromStdin = Command.of("sh", "-c", "exec \"$0\" --root \"$1\" image import - < \"$2\"",
                BerthCli.LAUNCHER, berth.root().toString(), rootfs.toString()).withTimeout(Duration.ofMinutes(2)).run();
        assertEquals(0, fromStdin.exitCode(), fromStdin.stderr());
        assertTrue(fromStdin.stdoutText().strip().matches("sha256:[0-9a-f]{64}"), fromStdin.stdoutText());

        Command.Result badChange = berth.run("image", "import", "-c", "RUN true", rootfs.toString());
        assertEquals(1, badChange.exitCode());
        assertTrue(badChange.stderr().contains("invalid --change \"RUN true\": RUN is not supported"), badChange.stderr());
    }

    private static JsonNode inspect(BerthCli berth, String name) throws IOException {
        return JSON.readTree(berth.check("image", "inspect", name).stdout()).get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
