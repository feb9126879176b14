package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Xattrs;
import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TreeTar#writeDiff} on upper dirs made by hand, with each of overlayfs's markers. */
@RequiresRoot
class TreeTarDiffIT {
    private static final byte[] Y = "y".getBytes(StandardCharsets.US_ASCII);

    private Path upper;

    @BeforeEach
    void makeUpperDir() throws IOException {
        upper = Files.createTempDirectory("berth-tree-diff-");
    }

    @AfterEach
    void removeIt() throws IOException {
        TempDirs.delete(upper);
    }

    private void sh(String script) throws IOException {
        Command.of("sh", "-euc", "umask 022 && cd \"$1\"\n" + script, "sh", upper.toString()).check();
    }

    /** Member name to "type mode owner size", in archive order. */
    private Map<String, String> members(byte[] tar) throws IOException {
        Map<String, String> members = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String type = e.isDirectory() ? "dir" : e.isLink() ? "link:" + e.getLinkName() : e.isFile() ? "file"
                        : e.isCharacterDevice() ? "chr" : "other";
                members.put(e.getName(), type + " " + Integer.toOctalString(e.getMode()) + " " + e.getLongUserId() + ":"
                        + e.getLongGroupId() + " " + e.getSize());
                assertFalse(e.getExtraPaxHeaders().keySet().stream().anyMatch(k -> k.contains("overlay.")),
                        e.getName() + " carries overlayfs xattrs: " + e.getExtraPaxHeaders().keySet());
            }
        }
        return members;
    }

    private byte[] diff() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TreeTar.writeDiff(upper, out);
        return out.toByteArray();
    }

    @Test
    void overlayWhiteoutsAndOpaqueDirectoriesBecomeOciMarkers() throws IOException {
        sh("""
                mkdir -p etc opaque xdir
                mknod etc/gone c 0 0 && chown 0:0 etc/gone
                ln etc/gone etc/also-gone
                printf 'kept' > etc/kept && chown 7:8 etc/kept
                chmod 0750 opaque && printf new > opaque/new
                : > xdir/xattr-whiteout && printf 'data' > xdir/not-a-whiteout
                """);
        Xattrs.set(upper.resolve("opaque").toString(), "trusted.overlay.opaque", Y);
        Xattrs.set(upper.resolve("xdir").toString(), "trusted.overlay.opaque", "x".getBytes(StandardCharsets.US_ASCII));
        Xattrs.set(upper.resolve("xdir/xattr-whiteout").toString(), "trusted.overlay.whiteout", new byte[0]);
        Xattrs.set(upper.resolve("xdir/not-a-whiteout").toString(), "trusted.overlay.whiteout", new byte[0]);
        Xattrs.set(upper.resolve("etc/kept").toString(), "trusted.overlay.origin", new byte[] {0, 1});
        Xattrs.set(upper.resolve("etc/kept").toString(), "user.note", "n".getBytes(StandardCharsets.UTF_8));

        byte[] tar = diff();

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("etc/", "dir 40755 0:0 0");
        expected.put("etc/.wh.also-gone", "file 600 0:0 0"); // two whiteouts on one inode: not a hardlink
        expected.put("etc/.wh.gone", "file 600 0:0 0");
        expected.put("etc/kept", "file 100644 7:8 4");
        expected.put("opaque/", "dir 40750 0:0 0");
        expected.put("opaque/.wh..wh..opq", "file 750 0:0 0");
        expected.put("opaque/new", "file 100644 0:0 3");
        expected.put("xdir/", "dir 40755 0:0 0"); // "x" only says it holds xattr whiteouts: not opaque
        expected.put("xdir/not-a-whiteout", "file 100644 0:0 4"); // a whiteout is empty
        expected.put("xdir/.wh.xattr-whiteout", "file 600 0:0 0");
        assertEquals(expected, members(tar));

        Path unpacked = Files.createDirectory(upper.resolveSibling(upper.getFileName() + "-unpacked"));
        try {
            new LayerUnpacker().unpack(new ByteArrayInputStream(tar), unpacked, LayerLimits.DEFAULT);
            assertArrayEquals("n".getBytes(StandardCharsets.UTF_8),
                    Xattrs.get(unpacked.resolve("etc/kept").toString(), "user.note").orElseThrow(), "user xattrs stay");
            assertArrayEquals(Y, Xattrs.get(unpacked.resolve("opaque").toString(), "trusted.overlay.opaque").orElseThrow());
            assertTrue(Files.exists(unpacked.resolve("etc/gone"), LinkOption.NOFOLLOW_LINKS), "the whiteout is back");
        } finally {
            TempDirs.delete(unpacked);
        }
    }

    @Test
    void anUnchangedUpperDirIsTheEmptyLayer() throws IOException {
        byte[] tar = diff();
        assertArrayEquals(new byte[1024], tar, "only the end-of-archive blocks");
    }

    @Test
    void namesALayerCannotSayAreRefused() throws IOException {
        sh("mkdir d && printf x > d/.wh.mine");
        IOException e = assertThrows(IOException.class, this::diff);
        assertEquals("cannot write \"d/.wh.mine\" into a layer: names starting with \".wh.\" are whiteouts in OCI layers",
                e.getMessage());
    }

    @Test
    void metacopyAndRedirectUpperDirsAreRefused() throws IOException {
        sh("mkdir moved && : > chowned");
        Xattrs.set(upper.resolve("chowned").toString(), "trusted.overlay.metacopy", new byte[0]);
        IOException metacopy = assertThrows(IOException.class, this::diff);
        assertTrue(metacopy.getMessage().startsWith("cannot write \"chowned\" into a layer: it has overlayfs's"
                + " trusted.overlay.metacopy"), metacopy.getMessage());

        Files.delete(upper.resolve("chowned"));
        Xattrs.set(upper.resolve("moved").toString(), "trusted.overlay.redirect", "/elsewhere".getBytes(StandardCharsets.UTF_8));
        IOException redirect = assertThrows(IOException.class, this::diff);
        assertTrue(redirect.getMessage().contains("\"moved\"") && redirect.getMessage().contains("redirect_dir"),
                redirect.getMessage());
    }
}
