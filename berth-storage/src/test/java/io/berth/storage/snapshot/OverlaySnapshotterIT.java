package io.berth.storage.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.storage.DirectoryTree;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresRoot
class OverlaySnapshotterIT {
    private Path root;
    private final List<Path> mounted = new ArrayList<>();
    private OverlaySnapshotter snapshotter;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("berth-snap-");
        snapshotter = new OverlaySnapshotter(root.resolve("snapshots"));
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Path m : mounted) {
            try {
                MountExecutor.unmount(m);
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        DirectoryTree.delete(root);
    }

    private Snapshot layer(String name, Optional<String> parent, String file, String content) throws IOException {
        Staging staging = snapshotter.stage();
        Files.writeString(staging.fs().resolve(file), content);
        return snapshotter.commit(staging, name, parent);
    }

    private Path mount(String active) throws IOException {
        Path target = Files.createDirectories(root.resolve("mnt-" + active));
        MountExecutor.mount(snapshotter.mounts(active), target);
        mounted.add(target);
        return target;
    }

    @Test
    void activeSnapshotShowsItsChainAndTakesWritesInItsOwnLayer() throws IOException {
        layer("base", Optional.empty(), "a", "base-a");
        layer("mid", Optional.of("base"), "b", "mid-b");
        Snapshot top = layer("top", Optional.of("mid"), "a", "top-a");
        assertEquals(List.of("top", "mid", "base"), snapshotter.chain("top").stream().map(Snapshot::name).toList());

        snapshotter.createActive("c1", Optional.of(top.name()));
        Path rootfs = mount("c1");
        assertEquals("top-a", Files.readString(rootfs.resolve("a")));
        assertEquals("mid-b", Files.readString(rootfs.resolve("b")));

        Files.writeString(rootfs.resolve("new"), "written");
        Files.delete(rootfs.resolve("b"));
        assertEquals("written", Files.readString(snapshotter.active("c1").orElseThrow().fs().resolve("new")));
        assertTrue(Files.exists(snapshotter.committed("mid").orElseThrow().fs().resolve("b")),
                "deleting in the container must not touch the committed layer");
    }

    @Test
    void committedSnapshotInUseCannotBeRemoved() throws IOException {
        layer("base", Optional.empty(), "a", "x");
        snapshotter.createActive("c1", Optional.of("base"));
        SnapshotException e = assertThrows(SnapshotException.class, () -> snapshotter.removeCommitted("base"));
        assertTrue(e.getMessage().contains("in use by active snapshot \"c1\""), e.getMessage());
        snapshotter.removeActive("c1");
        snapshotter.removeCommitted("base");
        assertTrue(snapshotter.list().isEmpty());
    }

    @Test
    void committingAnExistingNameKeepsTheFirstAndDropsTheStagedCopy() throws IOException {
        layer("base", Optional.empty(), "a", "first");
        layer("base", Optional.empty(), "a", "second");
        assertEquals("first", Files.readString(snapshotter.committed("base").orElseThrow().fs().resolve("a")));
        try (var staged = Files.list(root.resolve("snapshots/staging"))) {
            assertEquals(0, staged.count());
        }
    }

    @Test
    void chainLongerThanOneMountOptionPageStillMounts() throws IOException {
        // 150 layers of ~90-byte paths: over 13 KiB of lowerdir, far above mount(2)'s one page
        snapshotter = new OverlaySnapshotter(Files.createDirectories(root.resolve("a-rather-long-directory-name-to-make-paths-long")));
        Optional<String> parent = Optional.empty();
        for (int i = 0; i < 150; i++) {
            String name = String.format("layer-%03d-%s", i, "0123456789abcdef0123456789abcdef");
            layer(name, parent, "f" + i, "layer " + i);
            parent = Optional.of(name);
        }
        assertTrue(String.join(",", snapshotter.createActive("long", parent).name()).length() > 0);
        assertTrue(snapshotter.mounts("long").getFirst().options().toString().length() > 4096);
        Path rootfs = mount("long");
        assertEquals("layer 0", Files.readString(rootfs.resolve("f0")));
        assertEquals("layer 149", Files.readString(rootfs.resolve("f149")));
    }

    @Test
    void badNamesAndUnknownSnapshotsAreClearErrors() throws IOException {
        SnapshotException bad = assertThrows(SnapshotException.class, () -> snapshotter.createActive("../x", Optional.empty()));
        assertTrue(bad.getMessage().contains("invalid snapshot name \"../x\""), bad.getMessage());
        SnapshotException unknown = assertThrows(SnapshotException.class, () -> snapshotter.createActive("c", Optional.of("nope")));
        assertTrue(unknown.getMessage().contains("no committed snapshot \"nope\""), unknown.getMessage());
        assertFalse(snapshotter.active("c").isPresent(), "a refused create leaves nothing");
    }

    @Test
    void activeWithoutParentIsABindMountOfItsOwnDirectory() throws IOException {
        snapshotter.createActive("empty", Optional.empty());
        Path rootfs = mount("empty");
        Files.writeString(rootfs.resolve("x"), "y");
        assertEquals("y", Files.readString(snapshotter.active("empty").orElseThrow().fs().resolve("x")));
    }
}
