package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.content.Digest;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.MediaTypes;
import io.berth.image.manifest.Platform;
import io.berth.image.reference.ImageReference;
import io.berth.image.store.ImageRecord;
import io.berth.image.unpack.LayerSnapshots;
import io.berth.testing.RequiresRoot;
import io.berth.testing.image.HostileLayer;
import io.berth.testing.image.TarLayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** berth image import: a rootfs tarball as a one-layer image. */
@RequiresRoot
class RootfsImportIT {
    private static final TarLayerBuilder ROOTFS = TarLayerBuilder.create().dir("etc").file("etc/hostname", "imported\n")
            .file("bin/tool", "#!/bin/sh\n", 0755, 0, 0);
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
    void aTarballBecomesAOneLayerImageWithDockersHistoryAndTheChangesGiven() throws IOException {
        ImportOptions options = new ImportOptions(Optional.of(ImageReference.parse("imported:1")),
                List.of("CMD [\"/bin/tool\"]", "ENV A=1"), Optional.empty(), Platform.parse("linux/amd64"));

        LoadedImage image = store.archives.importRootfs(new ByteArrayInputStream(ROOTFS.zstd()), options);

        ImageRecord record = store.images.find("imported:1");
        assertEquals(image.id(), record.id());
        ImageConfig config = store.images.config(record);
        Digest diffId = Digest.sha256(ROOTFS.tar());
        assertEquals(List.of(diffId), config.diffIds(), "the diff ID is the uncompressed tar's digest");
        assertEquals("amd64", config.architecture());
        assertEquals(List.of("/bin/tool"), config.config().cmd());
        assertEquals(List.of("A=1"), config.config().env());
        assertEquals("Imported from -", config.history().getFirst().comment());
        ImageManifest manifest = store.images.manifest(record);
        assertEquals(MediaTypes.OCI_LAYER_GZIP, manifest.layers().getFirst().mediaType(), "stored gzip'ed");
        Path fs = store.root.resolve("snapshots/committed").resolve(LayerSnapshots.names(List.of(diffId)).getFirst())
                .resolve("fs");
        assertEquals("imported\n", Files.readString(fs.resolve("etc/hostname")));
        assertEquals(List.of(), TestStore.children(store.root.resolve("tmp")), "the gzip'ed copy is gone from scratch");
    }

    @Test
    void aMessageReplacesTheHistoryCommentAndNoNameLeavesItUntagged() throws IOException {
        LoadedImage image = store.archives.importRootfs(new ByteArrayInputStream(ROOTFS.tar()),
                new ImportOptions(Optional.empty(), List.of(), Optional.of("from a backup"), Platform.defaultPlatform()));
        assertEquals(List.of(), image.tags());
        ImageRecord record = store.images.find(image.id().toString());
        assertEquals("from a backup", store.images.config(record).history().getFirst().comment());
    }

    @Test
    void aHostileTarballIsRefusedAndLeavesNothing() throws IOException {
        ArchiveException e = assertThrows(ArchiveException.class, () -> store.archives.importRootfs(
                new ByteArrayInputStream(HostileLayer.SYMLINK_CLIMB_WRITE_THROUGH.tar().tar()), ImportOptions.defaults()));
        assertTrue(e.getMessage().contains("the rootfs tarball layer 1 of 1") && e.getMessage().contains("refused"),
                e.getMessage());
        store.assertNothingLeft();
    }

    @Test
    void emptyInputAndABadChangeAreClearErrors() throws IOException {
        ArchiveException empty = assertThrows(ArchiveException.class,
                () -> store.archives.importRootfs(new ByteArrayInputStream(new byte[0]), ImportOptions.defaults()));
        assertEquals("the rootfs tarball is empty", empty.getMessage());
        IllegalArgumentException change = assertThrows(IllegalArgumentException.class, () -> store.archives.importRootfs(
                new ByteArrayInputStream(ROOTFS.tar()), new ImportOptions(Optional.empty(), List.of("RUN rm -rf /"),
                        Optional.empty(), Platform.defaultPlatform())));
        assertTrue(change.getMessage().startsWith("invalid --change \"RUN rm -rf /\""), change.getMessage());
        store.assertNothingLeft();
    }
}
