package io.berth.storage.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Mounts;
import io.berth.linux.Xattrs;
import io.berth.storage.HostCleanup;
import io.berth.storage.TreeListing;
import io.berth.storage.layer.Compression;
import io.berth.storage.layer.LayerLimits;
import io.berth.storage.layer.LayerUnpacker;
import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.image.TarLayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The changes made in a mounted active snapshot, written by {@link SnapshotDiff} and unpacked as
 * a layer on top of the same parent, give the same view the container saw.
 */
@RequiresRoot
class SnapshotDiffIT {
    // docker's and containerd's empty layer: a tar of nothing but its two end blocks
    private static final String EMPTY_LAYER = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    private static final byte[] CAPABILITY = HexFormat.of().parseHex("0100000200200000000000000000000000000000");
    private static final byte[] BASE = TarLayerBuilder.create()
            .dir("etc").file("etc/config", "base config\n")
            .dir("data").file("data/hello", "hello").file("data/remove-me", "soon gone")
            .dir("doomed").file("doomed/old-1", "1").dir("doomed/sub").file("doomed/sub/old-2", "2")
            .dir("bin").file("bin/tool", "#!/bin/sh\n", 0755, 0, 0)
            .dir("keep").file("keep/a", "a").file("keep/b", "b")
            .tar();

    private Path root;
    private OverlaySnapshotter snapshotter;
    private SnapshotDiff diff;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("berth-snapshot-diff-");
        snapshotter = new OverlaySnapshotter(root.resolve("snapshots"));
        diff = new SnapshotDiff(snapshotter);
        commitLayer("base", Optional.empty(), BASE);
    }

    @AfterEach
    void tearDown() throws IOException {
        HostCleanup.removeAll(root);
    }

    private String commitLayer(String name, Optional<String> parent, byte[] blob) throws IOException {
        Staging staging = snapshotter.stage();
        String diffId = new LayerUnpacker().unpack(new ByteArrayInputStream(blob), staging.fs(), LayerLimits.DEFAULT).diffId();
        snapshotter.commit(staging, name, parent);
        return diffId;
    }

    private Path mount(String active) throws IOException {
        Path target = Files.createDirectories(root.resolve("mnt-" + active));
        MountExecutor.mount(snapshotter.mounts(active), target);
        return target;
    }

    private static void sh(Path dir, String script) throws IOException {
        Command.of("sh", "-euc", "umask 022 && cd \"$1\"\n" + script, "sh", dir.toString()).check();
    }

    private record Written(DiffLayer layer, byte[] bytes) {}

    private Written write(String active, Compression compression) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DiffLayer layer = diff.write(active, out, compression);
        return new Written(layer, out.toByteArray());
    }

    @Test
    void theDiffUnpackedOnTheSameParentShowsWhatTheContainerSaw() throws IOException {
        snapshotter.createActive("c1", Optional.of("base"));
        Path view = mount("c1");
        sh(view, """
                printf 'new\\n' > added
                printf ' and more' >> data/hello
                rm data/remove-me keep/b
                rm -r doomed && mkdir doomed && printf 'other\\n' > doomed/other
                chown 1234:5678 bin/tool && chmod 4750 bin/tool
                printf 'linked\\n' > link-a && ln link-a link-b
                ln -s data/hello sym && mkfifo fifo
                cat etc/config > /dev/null
                """);
        Xattrs.set(view.resolve("data/hello").toString(), "user.comment", "hi".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(view.resolve("bin/tool").toString(), "security.capability", CAPABILITY);
        Map<String, String> seen = TreeListing.of(view);
        MountExecutor.unmount(view);

        Written written = write("c1", Compression.NONE);

        assertEquals(sha256(written.bytes()), written.layer().diffId());
        assertEquals(written.layer().diffId(), written.layer().digest(), "an uncompressed layer is its own diff");
        assertEquals(written.bytes().length, written.layer().size());
        Map<String, String> members = members(written.bytes());
        assertEquals("opaque-marker", members.get("doomed/.wh..wh..opq"));
        assertEquals("whiteout", members.get("data/.wh.remove-me"));
        assertEquals("whiteout", members.get("keep/.wh.b"));
        assertEquals("link:link-a", members.get("link-b"));
        assertFalse(members.containsKey("etc/"), "an untouched directory is no change: " + members.keySet());
        assertFalse(members.containsKey("./"), "the root is no change");
        assertFalse(members.containsKey("doomed/old-1") || members.containsKey("doomed/sub/"), members.keySet().toString());

        String unpackedDiffId = commitLayer("changes", Optional.of("base"), written.bytes());
        assertEquals(written.layer().diffId(), unpackedDiffId);
        snapshotter.createActive("c2", Optional.of("changes"));
        assertEquals(seen, TreeListing.of(mount("c2")));
        assertTrue(seen.get("bin/tool").contains("mode=104750 owner=1234:5678"), seen.get("bin/tool"));
    }

    @Test
    void anUnchangedSnapshotIsTheEmptyLayerEveryTime() throws IOException {
        snapshotter.createActive("idle", Optional.of("base"));
        Written before = write("idle", Compression.NONE);
        assertEquals(EMPTY_LAYER, before.layer().diffId());
        assertEquals(1024, before.layer().size());

        Path view = mount("idle");
        sh(view, "ls -laR . > /dev/null && cat etc/config data/hello > /dev/null");
        MountExecutor.unmount(view);

        assertEquals(EMPTY_LAYER, write("idle", Compression.NONE).layer().diffId(), "mounting and reading change nothing");
        Written gzip = write("idle", Compression.GZIP);
        assertEquals(EMPTY_LAYER, gzip.layer().diffId());
        assertEquals(gzip.layer().digest(), write("idle", Compression.GZIP).layer().digest(), "gzip adds no timestamp");
    }

    @Test
    void compressedLayersNameBothTheBlobAndTheTar() throws IOException {
        snapshotter.createActive("c1", Optional.of("base"));
        Path view = mount("c1");
        sh(view, "printf 'compress me %.0s' $(seq 1 500) > data/hello && rm keep/a");
        MountExecutor.unmount(view);
        String diffId = write("c1", Compression.NONE).layer().diffId();

        for (Compression compression : new Compression[] {Compression.GZIP, Compression.ZSTD}) {
            Written written = write("c1", compression);
            DiffLayer layer = written.layer();
            assertEquals(compression, layer.compression());
            assertEquals(sha256(written.bytes()), layer.digest(), compression.displayName());
            assertEquals(written.bytes().length, layer.size());
            assertEquals(diffId, layer.diffId(), compression.displayName());
            assertTrue(layer.size() < layer.uncompressedSize(), layer.toString());
            assertEquals(diffId, commitLayer("changes-" + compression.displayName(), Optional.of("base"), written.bytes()),
                    "the unpacker reads the " + compression.displayName() + " layer back to the same tar");
        }
    }

    @Test
    void aCappedSnapshotsDiskIsMountedToReadItsChanges() throws Exception {
        snapshotter.createActive("capped", Optional.of("base"), OptionalLong.of(16L << 20));
        Path view = mount("capped");
        sh(view, "printf 'on the disk' > data/hello && rm keep/a");
        MountExecutor.unmount(view);
        Mounts.unmount(root.resolve("snapshots/active/capped").toString(), 0); // as after a reboot

        Written written = write("capped", Compression.NONE);

        Map<String, String> members = members(written.bytes());
        assertEquals(List.of("data/", "data/hello", "keep/", "keep/.wh.a"), List.copyOf(members.keySet()),
                "the ext4's lost+found is not in the layer");
    }

    @Test
    void onlyActiveSnapshotsHaveDiffs() {
        assertEquals("no active snapshot \"base\"",
                assertThrows(SnapshotException.class, () -> write("base", Compression.NONE)).getMessage());
        assertEquals("no active snapshot \"nope\"",
                assertThrows(SnapshotException.class, () -> write("nope", Compression.NONE)).getMessage());
    }

    @Test
    void mountsKeepEveryChangeInTheUpperDir() throws IOException {
        snapshotter.createActive("c1", Optional.of("base"));
        assertTrue(snapshotter.mounts("c1").getFirst().options().containsAll(
                List.of("index=off", "redirect_dir=off", "metacopy=off")));
        Path view = mount("c1");
        // without redirect_dir a lower directory cannot be renamed in place (EXDEV); mv copies it
        sh(view, "mv doomed moved && chmod 0700 keep/a");
        MountExecutor.unmount(view);
        Map<String, String> members = members(write("c1", Compression.NONE).bytes());
        assertEquals("file", members.get("moved/sub/old-2"), "the moved directory's files are in the layer");
        assertEquals("whiteout", members.get(".wh.doomed"));
        assertEquals("file", members.get("keep/a"), "a chmod copies the data up too (no metacopy)");
    }

    /** Member name to its kind: "dir", "file", "whiteout", "opaque-marker", "link:TARGET", "other". */
    private static Map<String, String> members(byte[] tar) throws IOException {
        Map<String, String> members = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String base = e.getName().substring(e.getName().lastIndexOf('/', e.getName().length() - 2) + 1);
                members.put(e.getName(), e.isDirectory() ? "dir" : e.isLink() ? "link:" + e.getLinkName()
                        : base.equals(".wh..wh..opq") ? "opaque-marker" : base.startsWith(".wh.") ? "whiteout"
                        : e.isFile() ? "file" : "other");
            }
        }
        return members;
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
