package io.berth.testing.image;

import io.berth.testing.BusyboxRootfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Ready-made test images, built in memory; write them with {@link OciContent#writeLayout} and push from there. */
public final class TestImages {
    public static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private TestImages() {}

    /** One gzip layer with Debian's busybox-static and its applet links, {@code Cmd ["sh"]}, for linux/amd64. */
    public static OciImage busybox() {
        return busybox(ImagePlatform.LINUX_AMD64);
    }

    /**
     * The busybox image labelled for {@code platform}. The binary stays the host's (amd64): other
     * platforms are for index and platform-selection tests, not for running.
     */
    public static OciImage busybox(ImagePlatform platform) {
        return OciImageBuilder.create()
                .platform(platform)
                .layer(busyboxLayer().layer(LayerCompression.GZIP), "busybox-static rootfs")
                .env(PATH)
                .cmd("sh")
                .build();
    }

    /** An index over busybox for linux/amd64 and linux/arm64 (two manifests, two configs, one shared layer). */
    public static OciImageIndex busyboxMultiPlatform() {
        return OciImageIndex.of(busybox(ImagePlatform.LINUX_AMD64), busybox(ImagePlatform.LINUX_ARM64));
    }

    /** The busybox rootfs as a layer to add to: the {@link BusyboxRootfs} tree, with /tmp 1777 and /root 0700. */
    public static TarLayerBuilder busyboxLayer() {
        try {
            TarLayerBuilder tar = TarLayerBuilder.create();
            for (String dir : BusyboxRootfs.DIRECTORIES) {
                if (dir.contains("/")) {
                    tar.dir(dir.substring(0, dir.indexOf('/')));
                }
                tar.dir(dir, dir.equals("tmp") ? 01777 : dir.equals("root") ? 0700 : 0755, 0, 0);
            }
            tar.file("bin/busybox", Files.readAllBytes(BusyboxRootfs.BUSYBOX), 0755, 0, 0);
            for (String applet : BusyboxRootfs.applets()) {
                tar.symlink("bin/" + applet, "busybox");
            }
            return tar.file("etc/passwd", BusyboxRootfs.PASSWD).file("etc/group", BusyboxRootfs.GROUP);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BusyboxRootfs.BUSYBOX, e);
        }
    }

    /** Three layers of whiteouts, opaque dirs, links, devices, xattrs and long names; see {@link MultiLayerImage}. */
    public static OciImage multiLayer() {
        return MultiLayerImage.image();
    }

    /** A one-layer image whose only layer is {@code layer}, with busybox-like config. */
    public static OciImage hostile(HostileLayer layer) {
        return OciImageBuilder.create()
                .layer(layer.layer(), "hostile layer " + layer)
                .env(PATH)
                .cmd("sh")
                .label("io.berth.test.hostile", layer.name())
                .build();
    }
}
