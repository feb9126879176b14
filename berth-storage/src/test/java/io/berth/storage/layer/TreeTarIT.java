package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Xattrs;
import io.berth.storage.TreeListing;
import io.berth.testing.Command;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tree exported by {@link TreeTar} and unpacked by the {@link LayerUnpacker} comes out the same. */
@RequiresRoot
class TreeTarIT {
    private static final byte[] CAPABILITY = HexFormat.of().parseHex("0100000200200000000000000000000000000000");
    private static final String LONG_NAME = "d/" + "long-name-".repeat(12) + "end";

    private Path work;
    private Path source;

    @BeforeEach
    void makeTree() throws IOException {
        work = Files.createTempDirectory("berth-tree-tar-");
        source = Files.createDirectory(work.resolve("source"));
        Command.of("sh", "-euc", """
                cd "$1"
                mkdir -p d/sub empty
                printf 'hello\\n' > d/file
                printf '#!/bin/sh\\n' > d/setuid && chmod 4755 d/setuid
                printf 'x' > d/sticky-dir-file && chmod 1777 d/sub
                : > d/empty-file
                printf 'owned' > d/owned && chown 1000:2000 d/owned && chmod 0640 d/owned
                printf 'linked' > d/a && ln d/a d/b && ln d/a d/sub/c
                ln -s /etc/does-not-exist d/dangling && ln -s file d/relative
                mknod d/null c 1 3 && mknod d/loop b 7 200 && mkfifo d/fifo
                mknod d/whiteout c 0 0
                printf 'long' > "$2"
                printf 'utf8' > d/grüße
                touch -h -d '2001-02-03 04:05:06' d/file d/dangling d/sub
                chown 0:0 . && chmod 0755 .
                """, "sh", source.toString(), LONG_NAME).check();
        Xattrs.set(source.resolve("d/setuid").toString(), "security.capability", CAPABILITY);
        Xattrs.set(source.resolve("d/file").toString(), "user.note", "a note".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(source.resolve(LONG_NAME).toString(), "user.long", "x".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(source.resolve("empty").toString(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(source.resolve("d/sub").toString(), "trusted.overlay.origin", new byte[] {0, 1, 2});
    }

    @AfterEach
    void removeTree() throws IOException {
        TempDirs.delete(work);
    }

    @Test
    void aTreeRoundTripsThroughTheLayerUnpacker() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        TreeTar.write(source, tar);
        Path target = Files.createDirectory(work.resolve("target"));

        new LayerUnpacker().unpack(new ByteArrayInputStream(tar.toByteArray()), target, LayerLimits.DEFAULT);

        Map<String, String> expected = TreeListing.of(source);
        expected.put("d/sub", expected.get("d/sub").replace(" trusted.overlay.origin=000102", ""));
        assertEquals(expected, TreeListing.of(target));
        assertTrue(TreeListing.of(target).get("d/setuid").contains("mode=104755"), "setuid survives");
        assertTrue(TreeListing.of(target).get("empty").contains("trusted.overlay.opaque=79"), "the opaque marker survives");
    }

    @Test
    void membersAreInNameOrderAndHardlinksAreLinks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TreeTar.write(source, out);
        List<String> names = new ArrayList<>();
        Map<String, String> links = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                if (e.isLink()) {
                    links.put(e.getName(), e.getLinkName());
                }
                assertFalse(e.isSymbolicLink() && e.getSize() > 0, "symlinks are not followed");
                assertEquals("", e.getUserName() + e.getGroupName(), "owners are numeric only");
            }
        }
        assertEquals("./", names.getFirst());
        assertEquals(List.of("./", "d/", "d/a", "d/b", "d/dangling", "d/empty-file", "d/fifo", "d/file", "d/grüße"),
                names.subList(0, 9));
        assertEquals(Map.of("d/b", "d/a", "d/sub/c", "d/a"), links);
        assertTrue(names.contains(LONG_NAME), "a name over 100 bytes is kept whole");
    }

    @Test
    void theSameTreeGivesTheSameBytes() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        TreeTar.write(source, first);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        TreeTar.write(source, second);
        assertEquals(HexFormat.of().formatHex(first.toByteArray()), HexFormat.of().formatHex(second.toByteArray()));
    }
}
