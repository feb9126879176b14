package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.manifest.Platform;
import io.berth.testing.RequiresRoot;
import io.berth.testing.image.HostileLayer;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.TarLayerBuilder;
import io.berth.testing.image.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Archives that must not load: each is a clear error naming what is wrong, and leaves no image,
 * no snapshot, no staging and no spooled member behind.
 */
@RequiresRoot
class ArchiveLoadRefusalIT {
    private static final OciImage BUSYBOX = TestImages.busybox();
    private TestStore store;

    @BeforeEach
    void openStore() throws IOException {
        store = new TestStore();
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    private String refused(byte[] archive) throws IOException {
        ArchiveException e = assertThrows(ArchiveException.class, () -> store.load(archive));
        store.assertNothingLeft();
        return e.getMessage();
    }

    @Test
    void aTruncatedArchive() throws IOException {
        byte[] whole = ArchiveFixtures.dockerArchive(BUSYBOX, "busybox:latest");
        String message = refused(Arrays.copyOf(whole, whole.length / 2));
        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void anArchiveCutAtAMemberBoundaryLacksItsManifest() throws IOException {
        byte[] whole = ArchiveFixtures.dockerArchive(BUSYBOX, "busybox:latest");
        String message = refused(Arrays.copyOf(whole, 512 * 3)); // the two directories and one header
        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void notATarAtAllAndNothingAtAll() throws IOException {
        String garbage = refused("{\"this is\": \"json, not a tar\"}".repeat(40).getBytes(StandardCharsets.UTF_8));
        assertTrue(garbage.contains("not a valid tar archive") || garbage.contains("not a tar archive"), garbage);
        assertTrue(refused(new byte[0]).contains("the archive is empty"));
    }

    @Test
    void aManifestNamingALayerTheArchiveLacks() throws IOException {
        String config = "blobs/sha256/" + ArchiveFixtures.hex(BUSYBOX.configDigest());
        String missing = "blobs/sha256/" + "0".repeat(64);
        byte[] archive = new TestTar().file(config, BUSYBOX.config())
                .file("manifest.json", ArchiveFixtures.manifestJson(config, List.of("busybox:latest"), List.of(missing)))
                .bytes();
        String message = refused(archive);
        assertTrue(message.contains("manifest.json[0] Layers[0] names \"" + missing + "\", which is not in the archive"),
                message);
    }

    @Test
    void aBlobWhoseContentIsNotItsDigest() throws IOException {
        String config = "blobs/sha256/" + ArchiveFixtures.hex(BUSYBOX.configDigest());
        String layer = "blobs/sha256/" + ArchiveFixtures.hex(BUSYBOX.diffIds().getFirst());
        byte[] archive = new TestTar().file(layer, "not the layer".getBytes(StandardCharsets.UTF_8))
                .file(config, BUSYBOX.config())
                .file("manifest.json", ArchiveFixtures.manifestJson(config, List.of("busybox:latest"), List.of(layer)))
                .bytes();
        String message = refused(archive);
        assertTrue(message.contains("archive member " + layer + ": digest mismatch"), message);
    }

    @Test
    void aLayerThatIsNotWhatTheConfigSays() throws IOException {
        // old layout: members are not named by digest, so the diff ID check at unpacking catches it
        byte[] wrong = TarLayerBuilder.create().file("etc/other", "not busybox\n").tar();
        byte[] archive = new TestTar().file("x/layer.tar", wrong)
                .file("cfg.json", BUSYBOX.config())
                .file("manifest.json", ArchiveFixtures.manifestJson("cfg.json", List.of("busybox:latest"),
                        List.of("x/layer.tar")))
                .bytes();
        String message = refused(archive);
        assertTrue(message.contains("layer 1 of 1") && message.contains("diff ID is " + BUSYBOX.diffIds().getFirst()),
                message);
    }

    @ParameterizedTest
    @EnumSource(value = HostileLayer.class, names = {"DOT_DOT_NAME", "SYMLINK_WRITE_THROUGH", "HARDLINK_OUTSIDE",
            "WHITEOUT_ESCAPE"})
    void aHostileLayerIsRefusedBeforeTheImageIsRecorded(HostileLayer hostile) throws IOException {
        OciImage image = TestImages.hostile(hostile);
        String docker = refused(ArchiveFixtures.dockerArchive(image, "evil:1"));
        assertTrue(docker.contains("manifest.json[0] (evil:1) layer 1 of 1") && docker.contains("refused"), docker);
        String oci = refused(ArchiveFixtures.ociArchive(image, "evil:2"));
        assertTrue(oci.contains("(evil:2)") && oci.contains("refused"), oci);
        assertFalse(Files.exists(Path.of("/etc", HostileLayer.CANARY)), "nothing escaped into /etc");
    }

    @Test
    void aLayerOverTheSizeCapIsRefused() throws IOException {
        byte[] archive = ArchiveFixtures.dockerArchive(BUSYBOX, "busybox:latest");
        ArchiveException e = assertThrows(ArchiveException.class, () -> store.archives.load(
                new ByteArrayInputStream(archive), new LoadOptions(Platform.defaultPlatform(), 64 * 1024)));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        store.assertNothingLeft();
    }

    @Test
    void aPlatformTheIndexLacks() throws IOException {
        byte[] archive = ArchiveFixtures.ociArchive(TestImages.busyboxMultiPlatform(), "multi:1");
        ArchiveException e = assertThrows(ArchiveException.class, () -> store.archives.load(
                new ByteArrayInputStream(archive), new LoadOptions(Platform.parse("linux/s390x"), Long.MAX_VALUE)));
        assertTrue(e.getMessage().contains("linux/s390x") && e.getMessage().contains("linux/arm64"), e.getMessage());
        store.assertNothingLeft();
    }

    @Test
    void anArchiveWithoutManifestOrIndex() throws IOException {
        String message = refused(new TestTar().file("hello.txt", "hi").bytes());
        assertTrue(message.contains("neither manifest.json") && message.contains("index.json"), message);
    }

    @Test
    void aRepoTagThatIsNotAName() throws IOException {
        String message = refused(ArchiveFixtures.dockerArchive(BUSYBOX, "Not A Name"));
        assertTrue(message.contains("RepoTags: \"Not A Name\" is not a valid image name"), message);
    }
}
