package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.MediaTypes;
import io.berth.image.manifest.Platform;
import io.berth.image.reference.ImageReference;
import io.berth.image.store.ImageRecord;
import io.berth.image.unpack.LayerSnapshots;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import io.berth.testing.image.ImagePlatform;
import io.berth.testing.image.LayerCompression;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.OciImageBuilder;
import io.berth.testing.image.OciImageIndex;
import io.berth.testing.image.TarLayerBuilder;
import io.berth.testing.image.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** berth image load of each format other tools write, into a real store (overlay snapshots need root). */
@RequiresRoot
class ArchiveLoadIT {
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

    @Test
    void dockerSaveLayoutLoadsWithItsTagsAndAManifestForTheLayersAsStored() throws IOException {
        List<LoadedImage> loaded = store.load(ArchiveFixtures.dockerArchive(BUSYBOX, "busybox:latest", "mine:v1"));

        assertEquals(1, loaded.size());
        assertEquals(BUSYBOX.configDigest(), loaded.getFirst().id().toString(), "the image ID is the config's digest");
        assertEquals(List.of("docker.io/library/busybox:latest", "docker.io/library/mine:v1"),
                loaded.getFirst().tags().stream().map(ImageReference::toString).toList());
        ImageRecord record = store.images.find("busybox:latest");
        assertEquals(List.of("docker.io/library/busybox:latest", "docker.io/library/mine:v1"), record.tags());
        ImageManifest manifest = store.images.manifest(record);
        Descriptor layer = manifest.layers().getFirst();
        assertEquals(MediaTypes.OCI_LAYER, layer.mediaType(), "docker save's layers are plain tars, stored as they came");
        assertEquals(BUSYBOX.diffIds().getFirst(), layer.digest().toString());
        assertTrue(store.images.content().exists(record.manifestDigest()), "the made manifest is a blob of the store");
        assertSnapshotsOf(BUSYBOX);
        assertTrue(Files.isRegularFile(committedFs(BUSYBOX).resolve("bin/busybox")));
    }

    @Test
    void oldDockerSaveLayoutLoadsAndFollowsSymlinkedLayers() throws IOException {
        OciImage base = OciImageBuilder.create().layer(TestImages.busyboxLayer().layer(LayerCompression.NONE)).cmd("sh").build();
        OciImage child = OciImageBuilder.create().layer(TestImages.busyboxLayer().layer(LayerCompression.NONE))
                .layer(TarLayerBuilder.create().file("etc/motd", "hello\n"), LayerCompression.GZIP).cmd("cat", "/etc/motd")
                .build();
        byte[] archive = ArchiveFixtures.legacyDockerArchive(List.of(base, child),
                List.of(List.of("base:1"), List.of("localhost:5000/child:2")));

        List<LoadedImage> loaded = store.load(archive);

        assertEquals(List.of(base.configDigest(), child.configDigest()),
                loaded.stream().map(l -> l.id().toString()).toList());
        assertEquals(child.configDigest(), store.images.find("localhost:5000/child:2").id().toString());
        assertSnapshotsOf(child);
        assertTrue(Files.isRegularFile(committedFs(child).resolve("etc/motd")));
    }

    @Test
    void aGzipCompressedArchiveLoads() throws IOException {
        List<LoadedImage> loaded = store.load(ArchiveFixtures.gzip(ArchiveFixtures.dockerArchive(BUSYBOX, "busybox:gz")));
        assertEquals(BUSYBOX.configDigest(), loaded.getFirst().id().toString());
    }

    @Test
    void ociArchiveLoadsUnderItsRefNameKeepingTheManifestDigest() throws IOException {
        List<LoadedImage> loaded = store.load(ArchiveFixtures.ociArchive(BUSYBOX, "foo/bar:v1"));

        assertEquals(List.of(ImageReference.parse("foo/bar:v1")), loaded.getFirst().tags());
        ImageRecord record = store.images.find("docker.io/foo/bar:v1");
        assertEquals(BUSYBOX.digest(), record.manifestDigest().toString(), "the layout's manifest is kept");
        assertEquals(BUSYBOX.layerDigests(), store.images.manifest(record).layers().stream()
                .map(l -> l.digest().toString()).toList(), "layers stay compressed as they came");
        assertSnapshotsOf(BUSYBOX);
    }

    @Test
    void ociLayoutWithABareTagAsRefNameLoadsUntagged() throws IOException {
        List<LoadedImage> loaded = store.load(ArchiveFixtures.ociArchive(BUSYBOX, "latest"));
        assertEquals(List.of(), loaded.getFirst().tags());
        assertEquals(List.of(), store.images.find(BUSYBOX.configDigest()).tags());
    }

    @Test
    void ociLayoutDirectoryLoads() throws IOException {
        Path dir = Files.createTempDirectory("berth-layout-dir-");
        try {
            BUSYBOX.writeLayout(dir.resolve("layout"), "docker.io/library/busybox:dir");
            List<LoadedImage> loaded = store.archives.load(dir.resolve("layout"), LoadOptions.defaults());
            assertEquals("docker.io/library/busybox:dir", loaded.getFirst().tags().getFirst().toString());
            assertSnapshotsOf(BUSYBOX);
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Test
    void multiPlatformIndexLoadsThePlatformAskedFor() throws IOException {
        OciImageIndex index = TestImages.busyboxMultiPlatform();
        OciImage arm64 = TestImages.busybox(ImagePlatform.LINUX_ARM64);
        byte[] archive = ArchiveFixtures.ociArchive(index, "multi:1");

        List<LoadedImage> loaded = store.archives.load(new ByteArrayInputStream(archive),
                new LoadOptions(Platform.parse("linux/arm64"), Long.MAX_VALUE));

        assertEquals(arm64.configDigest(), loaded.getFirst().id().toString());
        ImageRecord record = store.images.find("multi:1");
        assertEquals(arm64.digest(), record.manifestDigest().toString());
        assertEquals(TestImages.busybox().configDigest(), store.load(archive).getFirst().id().toString(),
                "by default this machine's platform (amd64 here)");
    }

    @Test
    void loadingAnImageTheStoreHasMovesTheTagAndReportsTheImageItNamedBefore() throws IOException {
        OciImage other = OciImageBuilder.create().layer(TarLayerBuilder.create().file("x", "1"), LayerCompression.GZIP).build();
        store.load(ArchiveFixtures.dockerArchive(other, "app:1"));
        store.load(ArchiveFixtures.dockerArchive(BUSYBOX, "busybox:latest"));

        LoadedImage again = store.load(ArchiveFixtures.dockerArchive(BUSYBOX, "app:1")).getFirst();

        assertEquals(List.of(new LoadedImage.DisplacedTag(ImageReference.parse("app:1"), Digest.parse(other.configDigest()))),
                again.displaced());
        assertEquals(List.of("docker.io/library/app:1", "docker.io/library/busybox:latest"),
                store.images.find(BUSYBOX.configDigest()).tags());
        assertEquals(List.of(), store.images.find(other.configDigest()).tags(), "the old image is dangling");
    }

    private void assertSnapshotsOf(OciImage image) throws IOException {
        for (String name : LayerSnapshots.names(image.diffIds().stream().map(Digest::parse).toList())) {
            assertTrue(store.images.snapshotter().committed(name).isPresent(), "layer snapshot " + name);
        }
    }

    private Path committedFs(OciImage image) {
        List<String> names = LayerSnapshots.names(image.diffIds().stream().map(Digest::parse).toList());
        return store.root.resolve("snapshots/committed").resolve(names.getLast()).resolve("fs");
    }
}
