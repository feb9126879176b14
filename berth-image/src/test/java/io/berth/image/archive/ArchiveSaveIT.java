package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.image.store.ImageStoreException;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import io.berth.testing.image.LayerCompression;
import io.berth.testing.image.OciImage;
import io.berth.testing.image.OciImageBuilder;
import io.berth.testing.image.TarLayerBuilder;
import io.berth.testing.image.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** berth image save in each format, read back by commons-compress and by a second store. */
@RequiresRoot
class ArchiveSaveIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OciImage BUSYBOX = TestImages.busybox();
    private TestStore store;

    @BeforeEach
    void openStore() throws IOException {
        store = new TestStore();
        store.load(ArchiveFixtures.ociArchive(BUSYBOX, "docker.io/library/busybox:latest"));
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    private byte[] save(ArchiveFormat format, String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.archives.save(List.of(names), format, out);
        return out.toByteArray();
    }

    @Test
    void dockerArchiveIsWhatDockerSaveWritesWithLayersUncompressed() throws IOException {
        Map<String, byte[]> members = TarMembers.of(save(ArchiveFormat.DOCKER_ARCHIVE, "busybox"));

        String layer = "blobs/sha256/" + ArchiveFixtures.hex(BUSYBOX.diffIds().getFirst());
        String config = "blobs/sha256/" + ArchiveFixtures.hex(BUSYBOX.configDigest());
        JsonNode manifest = JSON.readTree(members.get("manifest.json")).get(0);
        assertEquals(config, manifest.get("Config").asText());
        assertEquals("busybox:latest", manifest.get("RepoTags").get(0).asText());
        assertEquals(layer, manifest.get("Layers").get(0).asText());
        assertArrayEquals(BUSYBOX.config(), members.get(config), "the config is saved byte for byte");
        assertArrayEquals(ArchiveFixtures.uncompressed(BUSYBOX.layers().getFirst()), members.get(layer),
                "the layer is the uncompressed tar its diff ID names");
        assertEquals(List.of("blobs/", "blobs/sha256/"), members.keySet().stream().limit(2).toList());
        assertEquals(List.of("index.json", "manifest.json", "oci-layout", "repositories"),
                members.keySet().stream().skip(members.size() - 4).toList(), "docker's member order");

        JsonNode entry = JSON.readTree(members.get("index.json")).get("manifests").get(0);
        assertEquals("docker.io/library/busybox:latest", entry.get("annotations").get("io.containerd.image.name").asText());
        assertEquals("latest", entry.get("annotations").get("org.opencontainers.image.ref.name").asText());
        JsonNode ociManifest = JSON.readTree(members.get("blobs/sha256/" + ArchiveFixtures.hex(entry.get("digest").asText())));
        assertEquals("application/vnd.oci.image.layer.v1.tar", ociManifest.get("layers").get(0).get("mediaType").asText());
        assertEquals(BUSYBOX.diffIds().getFirst(), ociManifest.get("layers").get(0).get("digest").asText());
        assertEquals(BUSYBOX.diffIds().getFirst().substring(7),
                JSON.readTree(members.get("repositories")).get("busybox").get("latest").asText());
    }

    @Test
    void ociArchiveKeepsTheBlobsAsStoredAndNamesTheImageInFull() throws IOException {
        Map<String, byte[]> members = TarMembers.of(save(ArchiveFormat.OCI_ARCHIVE, "busybox:latest"));

        JsonNode entry = JSON.readTree(members.get("index.json")).get("manifests").get(0);
        assertEquals(BUSYBOX.digest(), entry.get("digest").asText(), "the registry's manifest, not a made one");
        assertEquals("docker.io/library/busybox:latest", entry.get("annotations").get("org.opencontainers.image.ref.name").asText());
        assertEquals("amd64", entry.get("platform").get("architecture").asText());
        for (Map.Entry<String, byte[]> blob : BUSYBOX.blobs().entrySet()) {
            assertArrayEquals(blob.getValue(), members.get("blobs/sha256/" + ArchiveFixtures.hex(blob.getKey())), blob.getKey());
        }
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", new String(members.get("oci-layout")));
    }

    @Test
    void eachFormatLoadsIntoAnotherStoreAsTheSameImage() throws IOException {
        for (ArchiveFormat format : List.of(ArchiveFormat.DOCKER_ARCHIVE, ArchiveFormat.OCI_ARCHIVE)) {
            byte[] archive = save(format, "busybox:latest");
            try (TestStore other = new TestStore()) {
                LoadedImage loaded = other.load(archive).getFirst();
                assertEquals(BUSYBOX.configDigest(), loaded.id().toString(), format.toString());
                assertEquals("docker.io/library/busybox:latest", loaded.tags().getFirst().toString(), format.toString());
            }
        }
    }

    @Test
    void ociDirIsALayoutDirectoryThatLoadsBack() throws IOException {
        Path dir = Files.createTempDirectory("berth-save-dir-");
        try {
            Path layout = dir.resolve("layout");
            store.archives.save(List.of("busybox:latest"), ArchiveFormat.OCI_LAYOUT, layout);
            assertTrue(Files.isRegularFile(layout.resolve("index.json")));
            assertTrue(Files.isRegularFile(layout.resolve("blobs/sha256/" + ArchiveFixtures.hex(BUSYBOX.digest()))));
            assertEquals(List.of("layout"), TestStore.children(dir), "no temporary directory is left beside it");
            try (TestStore other = new TestStore()) {
                assertEquals(BUSYBOX.configDigest(), other.archives.load(layout, LoadOptions.defaults()).getFirst().id().toString());
            }
            IOException exists = assertThrows(IOException.class,
                    () -> store.archives.save(List.of("busybox:latest"), ArchiveFormat.OCI_LAYOUT, layout));
            assertTrue(exists.getMessage().contains("exists and is not an empty directory"), exists.getMessage());
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Test
    void aRepositoryNameSavesAllItsTagsAndAnIdSavesTheImageUntagged() throws IOException {
        OciImage other = OciImageBuilder.create().layer(TarLayerBuilder.create().file("v", "2"), LayerCompression.GZIP).build();
        store.load(ArchiveFixtures.dockerArchive(other, "busybox:2", "unrelated:1"));
        store.images.tag("busybox:latest", "busybox:again");

        JsonNode items = JSON.readTree(TarMembers.of(save(ArchiveFormat.DOCKER_ARCHIVE, "busybox")).get("manifest.json"));
        List<String> repoTags = new ArrayList<>();
        items.forEach(item -> repoTags.add(item.get("RepoTags").toString()));
        assertEquals(List.of("[\"busybox:2\"]", "[\"busybox:again\",\"busybox:latest\"]"), repoTags.stream().sorted().toList(),
                "two images, each with its busybox tags, not unrelated:1");

        JsonNode byId = JSON.readTree(TarMembers.of(save(ArchiveFormat.DOCKER_ARCHIVE, BUSYBOX.configDigest().substring(7, 19),
                "busybox:latest")).get("manifest.json"));
        assertEquals(1, byId.size(), "one image named twice is saved once");
        assertEquals("[\"busybox:latest\"]", byId.get(0).get("RepoTags").toString());
        JsonNode untagged = JSON.readTree(TarMembers.of(save(ArchiveFormat.DOCKER_ARCHIVE, BUSYBOX.configDigest()))
                .get("manifest.json"));
        assertTrue(untagged.get(0).get("RepoTags").isNull());
        assertNull(TarMembers.of(save(ArchiveFormat.DOCKER_ARCHIVE, BUSYBOX.configDigest())).get("repositories"));
    }

    @Test
    void anUnknownImageIsAnErrorAndAFailedSaveLeavesNoFile() throws IOException {
        ImageStoreException e = assertThrows(ImageStoreException.class, () -> save(ArchiveFormat.DOCKER_ARCHIVE, "nothing:here"));
        assertEquals("No such image: nothing:here", e.getMessage());
        Path dir = Files.createTempDirectory("berth-save-file-");
        try {
            Path file = dir.resolve("out.tar");
            assertThrows(ImageStoreException.class,
                    () -> store.archives.save(List.of("busybox", "nothing:here"), ArchiveFormat.DOCKER_ARCHIVE, file));
            assertEquals(List.of(), TestStore.children(dir));
            store.archives.save(List.of("busybox"), ArchiveFormat.OCI_ARCHIVE, file);
            assertEquals(List.of("out.tar"), TestStore.children(dir));
            assertFalse(TarMembers.of(Files.readAllBytes(file)).isEmpty());
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Test
    void aSymlinkOrDeviceTargetIsWrittenThroughNotReplaced() throws IOException {
        Path dir = Files.createTempDirectory("berth-save-through-");
        try {
            Path file = dir.resolve("real.tar");
            Path link = Files.createSymbolicLink(dir.resolve("link.tar"), file);
            store.archives.save(List.of("busybox"), ArchiveFormat.DOCKER_ARCHIVE, link);
            assertTrue(Files.isSymbolicLink(link), "the symlink stays");
            assertTrue(TarMembers.of(Files.readAllBytes(file)).containsKey("manifest.json"));
            store.archives.save(List.of("busybox"), ArchiveFormat.DOCKER_ARCHIVE, Path.of("/dev/null"));
            int mode = (Integer) Files.getAttribute(Path.of("/dev/null"), "unix:mode");
            assertEquals(0020000, mode & 0170000, "/dev/null stays a character device");
        } finally {
            TempDirs.delete(dir);
        }
    }
}
