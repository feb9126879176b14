package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.image.ImageService;
import io.berth.linux.SyscallException;
import io.berth.storage.snapshot.MountExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth image unbundle DIR: unmount the bundle's rootfs, remove its snapshot, leave DIR empty. */
@Command(name = "unbundle", description = "Release a bundle made by 'berth image bundle'", mixinStandardHelpOptions = true)
public final class UnbundleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path bundle = dir.toAbsolutePath().normalize();
        String name = BundleSnapshots.name(bundle);
        try (ImageService images = ((Berth) spec.root().userObject()).images()) {
            if (images.snapshotter().active(name).isEmpty()) {
                throw new IllegalArgumentException(bundle + " is not a bundle of this store (" + images.layout().root() + ")");
            }
            Path rootfs = bundle.resolve("rootfs");
            try {
                MountExecutor.unmount(rootfs);
            } catch (SyscallException e) {
                if (e.errno() != io.berth.linux.Errno.EINVAL) { // EINVAL: not mounted (already unmounted by hand)
                    throw new IllegalStateException("cannot unmount " + rootfs + ": " + e.getMessage()
                            + " (is a container still running from this bundle?)", e);
                }
            }
            images.snapshotter().removeActive(name);
            Files.deleteIfExists(bundle.resolve("config.json"));
            Files.deleteIfExists(rootfs);
        }
        return 0;
    }
}
