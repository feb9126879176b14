package io.berth.testing.image;

import java.util.List;
import java.util.Map;

/**
 * A three-layer image that exercises what an unpacker must get right, and the tree it must end up
 * with. Paths are relative to the root.
 *
 * <pre>
 * layer 1 (gzip)  the base: files, dirs, a hard link and symlinks, char and block devices, a fifo,
 *                 setuid/setgid files, user.* and security.capability xattrs, a file owned by 1000,
 *                 names and link targets over 100 bytes (PAX path/linkpath)
 * layer 2 (zstd)  whiteout etc/deleted.txt; new etc/hostname; opaque opq/ with a new file;
 *                 whiteout of recreated/ and a new recreated/ with other content, in the same layer
 * layer 3 (tar)   whiteout of the directory gone/; whiteout of the symlink usr/lib/relative.so; top.txt
 * </pre>
 */
public final class MultiLayerImage {
    public static final String LONG_DIR = "long/" + "d".repeat(80);
    /** A file whose path is 206 bytes, beyond the 100 of a plain ustar name. */
    public static final String LONG_FILE = LONG_DIR + "/" + "f".repeat(116) + ".txt";
    public static final int SETUID_MODE = 04755;
    public static final int SETGID_MODE = 02755;
    /** The user.* xattr on xattr/user.txt. */
    public static final String USER_XATTR = "user.berth.test";
    private static final byte[] CAP_NET_RAW_EFFECTIVE = {
        0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    /** Regular files of the final tree with their content. */
    public static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("etc/hostname", "layer2\n"),
            Map.entry("opq/new.txt", "added with the opaque marker\n"),
            Map.entry("recreated/fresh.txt", "recreated in layer 2\n"),
            Map.entry("usr/lib/target.so", "shared\n"),
            Map.entry("usr/lib/hardlink.so", "shared\n"),
            Map.entry("bin/setuid-tool", "#!/bin/sh\necho setuid\n"),
            Map.entry("bin/setgid-tool", "#!/bin/sh\necho setgid\n"),
            Map.entry("xattr/user.txt", "has a user xattr\n"),
            Map.entry("xattr/ping", "#!/bin/sh\necho has a file capability\n"),
            Map.entry("home/user/owned.txt", "owned by 1000:1000\n"),
            Map.entry(LONG_FILE, "a long name\n"),
            Map.entry("long/hardlink-to-long", "a long name\n"),
            Map.entry("top.txt", "layer 3\n"));

    /** Symlinks of the final tree with their targets. */
    public static final Map<String, String> SYMLINKS = Map.of(
            "etc/absolute-link", "/usr/lib/target.so",
            "long/link-to-long", "/" + LONG_FILE);

    /** Paths a lower layer created and an upper layer deleted; no {@code .wh.} name may survive either. */
    public static final List<String> ABSENT = List.of(
            "etc/deleted.txt", "opq/hidden.txt", "recreated/stale.txt", "gone", "gone/inner.txt",
            "usr/lib/relative.so");

    /** Other entries of the final tree: dev/berth-null is char 1:3, dev/berth-loop block 7:200, run/berth.fifo a fifo. */
    public static final List<String> SPECIAL = List.of("dev/berth-null", "dev/berth-loop", "run/berth.fifo");

    private MultiLayerImage() {}

    /**
     * security.capability of xattr/ping: vfs_cap_data revision 2 (20 bytes, little-endian), effective
     * flag set, permitted CAP_NET_RAW (13), nothing inheritable.
     */
    public static byte[] capNetRawEffective() {
        return CAP_NET_RAW_EFFECTIVE.clone();
    }

    public static OciImage image() {
        return image(LayerCompression.ZSTD);
    }

    /**
     * The same tree with layer 2 in gzip, for peers without zstd: umoci 0.4 refuses zstd layers and
     * Docker schema 2 has no zstd media type, so {@code skopeo --format v2s2} refuses to convert.
     */
    public static OciImage withoutZstd() {
        return image(LayerCompression.GZIP);
    }

    private static OciImage image(LayerCompression middle) {
        return OciImageBuilder.create()
                .layer(base().layer(LayerCompression.GZIP), "base with every entry type")
                .layer(changes().layer(middle), "whiteouts, opaque dir, recreated dir")
                .layer(deletions().layer(LayerCompression.NONE), "delete a dir and a symlink")
                .env(TestImages.PATH)
                .workingDir("/")
                .cmd("sh")
                .build();
    }

    public static TarLayerBuilder base() {
        return TarLayerBuilder.create()
                .dir("etc").file("etc/hostname", "base\n").file("etc/deleted.txt", "deleted in layer 2\n")
                .dir("opq").file("opq/hidden.txt", "hidden by an opaque dir in layer 2\n")
                .dir("recreated").file("recreated/stale.txt", "replaced in layer 2\n")
                .dir("gone").file("gone/inner.txt", "the whole dir is deleted in layer 3\n")
                .dir("usr").dir("usr/lib").file("usr/lib/target.so", FILES.get("usr/lib/target.so"))
                .hardlink("usr/lib/hardlink.so", "usr/lib/target.so")
                .symlink("usr/lib/relative.so", "target.so")
                .symlink("etc/absolute-link", SYMLINKS.get("etc/absolute-link"))
                .dir("bin")
                .file("bin/setuid-tool", FILES.get("bin/setuid-tool"), SETUID_MODE, 0, 0)
                .file("bin/setgid-tool", FILES.get("bin/setgid-tool"), SETGID_MODE, 0, 0)
                .dir("dev").charDevice("dev/berth-null", 1, 3).blockDevice("dev/berth-loop", 7, 200)
                .dir("run").fifo("run/berth.fifo")
                .dir("xattr")
                .file("xattr/user.txt", FILES.get("xattr/user.txt")).xattr("xattr/user.txt", USER_XATTR, "hello")
                .file("xattr/ping", FILES.get("xattr/ping"), 0755, 0, 0)
                .xattr("xattr/ping", "security.capability", CAP_NET_RAW_EFFECTIVE)
                .dir("home").dir("home/user", 0700, 1000, 1000)
                .file("home/user/owned.txt", FILES.get("home/user/owned.txt"), 0600, 1000, 1000)
                .dir("long").dir(LONG_DIR).file(LONG_FILE, FILES.get(LONG_FILE))
                .symlink("long/link-to-long", SYMLINKS.get("long/link-to-long"))
                .hardlink("long/hardlink-to-long", LONG_FILE);
    }

    public static TarLayerBuilder changes() {
        return TarLayerBuilder.create()
                .dir("etc").whiteout("etc/deleted.txt").file("etc/hostname", FILES.get("etc/hostname"))
                .dir("opq").opaque("opq").file("opq/new.txt", FILES.get("opq/new.txt"))
                .whiteout("recreated").dir("recreated").file("recreated/fresh.txt", FILES.get("recreated/fresh.txt"));
    }

    public static TarLayerBuilder deletions() {
        return TarLayerBuilder.create()
                .whiteout("gone")
                .dir("usr").dir("usr/lib").whiteout("usr/lib/relative.so")
                .file("top.txt", FILES.get("top.txt"));
    }
}
