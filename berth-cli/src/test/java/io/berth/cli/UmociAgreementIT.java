package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.image.MultiLayerImage;
import io.berth.testing.image.OciLayout;
import io.berth.testing.image.Skopeo;
import io.berth.testing.registry.LocalRegistry;
import io.berth.testing.registry.RegistryWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agreement with a peer: the rootfs Berth gives for an image (pull, then the overlay that
 * {@code berth image bundle} mounts) is the tree {@code umoci unpack} makes of the same image
 * copied by skopeo, path by path: type, 12 mode bits, owners, size and content, link targets,
 * device numbers, xattrs, mtimes (also of directories whose entries whiteouts removed) and hard
 * link groups. Only the root's mtime is left out (see the test).
 *
 * <p>Nothing is ignored on either side: overlayfs hides its own {@code trusted.overlay.*} xattrs
 * from listxattr on the mount, and umoci as root adds none of its own ({@code user.rootlesscontainers}
 * is rootless only). The image is {@link MultiLayerImage#withoutZstd()}, because umoci 0.4 refuses
 * zstd layers.
 */
@RequiresRoot
class UmociAgreementIT {
    private static final String REPO = "test/umoci-agreement:latest";
    private static RegistryWorkspace space;
    private static LocalRegistry registry;
    private static Path work;

    @BeforeAll
    static void pushImage() throws IOException {
        space = RegistryWorkspace.start("berth-umoci-it-");
        registry = space.registry();
        work = space.work();
        MultiLayerImage.withoutZstd().writeLayout(work.resolve("fixture-layout"), "latest").pushTo(registry, REPO);
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        if (space != null) {
            space.close();
        }
    }

    @Test
    void berthsRootfsEqualsWhatUmociUnpacks() throws IOException {
        BerthCli berth = new BerthCli(Files.createDirectories(work.resolve("store")));
        String ref = registry.host() + "/" + REPO;
        berth.check("image", "pull", "-q", ref);
        Path bundle = work.resolve("bundle");
        berth.check("image", "bundle", ref, bundle.toString());
        RootfsTree ours;
        try {
            ours = RootfsTree.read(bundle.resolve("rootfs"), name -> false);
        } finally {
            berth.check("image", "unbundle", bundle.toString());
        }
        RootfsTree theirs = RootfsTree.read(umociUnpack(), name -> false);

        assertTrue(theirs.entries().keySet().containsAll(MultiLayerImage.FILES.keySet()),
                "umoci unpacked the fixture: " + theirs.entries().keySet());
        assertEquals(2, theirs.hardlinkGroups().size(), "both hard links of the fixture: " + theirs.hardlinkGroups());
        assertTrue(theirs.entries().get("xattr/ping").xattrs().containsKey("security.capability"),
                "umoci kept the file capability");
        List<String> diff = new ArrayList<>(ours.differences(theirs, true));
        // No layer has a "./" entry, so the root's mtime is not the image's: Berth's is when the
        // bundle's writable layer was made, umoci's the epoch.
        diff.removeIf(line -> line.startsWith(".: mtime: "));
        assertEquals(List.of(), diff, "berth's rootfs differs from umoci's:\n" + String.join("\n", diff));
    }

    private static Path umociUnpack() throws IOException {
        OciLayout layout = Skopeo.pull(registry, REPO, work.resolve("skopeo-layout"), "latest");
        Path bundle = work.resolve("umoci-bundle");
        Command.of("umoci", "unpack", "--image", layout.dir() + ":latest", bundle.toString())
                .withTimeout(Duration.ofMinutes(2)).check();
        return bundle.resolve("rootfs");
    }
}
