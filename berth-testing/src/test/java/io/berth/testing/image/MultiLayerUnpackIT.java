package io.berth.testing.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * umoci, an independent unpacker, turns {@link MultiLayerImage} into exactly the tree the fixture
 * promises, so tests of Berth's unpacker can trust those expectations.
 */
@RequiresRoot
class MultiLayerUnpackIT {
    private static final int S_IFMT = 0170000;

    @TempDir
    Path dir;

    @Test
    void umociUnpacksTheTreeTheFixturePromises() throws IOException {
        OciLayout layout = MultiLayerImage.withoutZstd().writeLayout(dir.resolve("layout"), "latest");
        Path bundle = dir.resolve("bundle");
        Command.of("umoci", "unpack", "--image", layout.dir() + ":latest", bundle.toString()).check();
        Path root = bundle.resolve("rootfs");

        for (Map.Entry<String, String> file : MultiLayerImage.FILES.entrySet()) {
            assertEquals(file.getValue(), Files.readString(root.resolve(file.getKey())), file.getKey());
        }
        for (Map.Entry<String, String> link : MultiLayerImage.SYMLINKS.entrySet()) {
            assertEquals(Path.of(link.getValue()), Files.readSymbolicLink(root.resolve(link.getKey())), link.getKey());
        }
        for (String gone : MultiLayerImage.ABSENT) {
            assertFalse(Files.exists(root.resolve(gone), LinkOption.NOFOLLOW_LINKS), gone + " should be deleted");
        }
        try (var all = Files.walk(root)) {
            assertEquals(java.util.List.of(), all.filter(p -> p.getFileName().toString().startsWith(".wh.")).toList());
        }
        assertEquals(0020000, mode(root, "dev/berth-null") & S_IFMT);
        assertEquals(0060000, mode(root, "dev/berth-loop") & S_IFMT);
        assertEquals(0010000, mode(root, "run/berth.fifo") & S_IFMT);
        assertEquals(MultiLayerImage.SETUID_MODE, mode(root, "bin/setuid-tool") & 07777);
        assertEquals(MultiLayerImage.SETGID_MODE, mode(root, "bin/setgid-tool") & 07777);
        assertEquals(1000, Files.getAttribute(root.resolve("home/user/owned.txt"), "unix:uid"));
        assertEquals(Files.getAttribute(root.resolve("usr/lib/target.so"), "unix:ino"),
                Files.getAttribute(root.resolve("usr/lib/hardlink.so"), "unix:ino"));
        assertEquals("hello", userXattr(root.resolve("xattr/user.txt"), MultiLayerImage.USER_XATTR));
        String caps = Command.of("getcap", root.resolve("xattr/ping").toString()).check().stdoutText();
        assertTrue(caps.contains("cap_net_raw=ep"), caps);
    }

    private static int mode(Path root, String path) throws IOException {
        return (Integer) Files.getAttribute(root.resolve(path), "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private static String userXattr(Path file, String name) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        String shortName = name.substring("user.".length());
        ByteBuffer value = ByteBuffer.allocate(view.size(shortName));
        view.read(shortName, value);
        return new String(value.array(), 0, value.position(), StandardCharsets.UTF_8);
    }
}
