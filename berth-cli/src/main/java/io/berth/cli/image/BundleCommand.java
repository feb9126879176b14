package io.berth.cli.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.cli.Berth;
import io.berth.image.ImageService;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.store.ImageRecord;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.storage.snapshot.MountExecutor;
import io.berth.storage.snapshot.OverlaySnapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * berth image bundle IMAGE DIR: an OCI runtime bundle of an image, so {@code berth-runc run -b DIR}
 * runs it. DIR/rootfs is a read-write snapshot on the image's layers, DIR/config.json is derived
 * from the image config.
 */
@Command(name = "bundle", description = "Create an OCI runtime bundle (DIR/config.json, DIR/rootfs) from an image",
        mixinStandardHelpOptions = true)
public final class BundleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1", paramLabel = "DIR")
    Path dir;

    @Option(names = "--storage-opt", paramLabel = "size=SIZE",
            description = "cap the writable layer (an ext4 disk image of SIZE under the overlay), as docker run --storage-opt")
    java.util.Map<String, String> storageOpts = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Path bundle = dir.toAbsolutePath().normalize();
        if (Files.exists(bundle)) {
            try (var entries = Files.list(bundle)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("bundle directory " + bundle + " is not empty");
                }
            }
        }
        java.util.OptionalLong sizeLimit = java.util.OptionalLong.empty();
        for (var opt : storageOpts.entrySet()) {
            if (!opt.getKey().equals("size")) {
                throw new IllegalArgumentException("unknown --storage-opt \"" + opt.getKey() + "\" (only size=SIZE)");
            }
            sizeLimit = java.util.OptionalLong.of(io.berth.storage.volume.ByteSize.parse(opt.getValue()));
        }
        try (ImageService images = ((Berth) spec.root().userObject()).images()) {
            ImageRecord record = images.find(image);
            ImageConfig config = images.config(record);
            BundleSpec.args(config.config()); // refuse an image without a command before creating anything
            OverlaySnapshotter snapshotter = images.snapshotter();
            String name = BundleSnapshots.name(bundle);
            boolean created = !Files.exists(bundle);
            Path rootfs = bundle.resolve("rootfs");
            boolean mounted = false;
            boolean snapshot = false;
            try {
                Files.createDirectories(rootfs);
                snapshotter.createActive(name, record.topChainId(), sizeLimit);
                snapshot = true;
                MountExecutor.mount(snapshotter.mounts(name), rootfs);
                mounted = true;
                ImageUser user;
                try (Fd root = FileCalls.open(rootfs.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
                    user = ImageUser.resolve(config.config().user(), root);
                }
                byte[] json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                        .serializationInclusion(JsonInclude.Include.NON_EMPTY).build()
                        .writeValueAsBytes(BundleSpec.create(config.config(), user, name.substring(name.length() - 12)));
                Path tmp = bundle.resolve(".config.json.tmp");
                Files.write(tmp, json);
                Files.move(tmp, bundle.resolve("config.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (Exception e) {
                undo(bundle, rootfs, snapshotter, name, mounted, snapshot, created);
                throw e;
            }
        }
        return 0;
    }

    private static void undo(Path bundle, Path rootfs, OverlaySnapshotter snapshotter, String name, boolean mounted,
                             boolean snapshot, boolean created) {
        try {
            if (mounted) {
                MountExecutor.unmount(rootfs);
            }
            if (snapshot) {
                snapshotter.removeActive(name);
            }
            Files.deleteIfExists(bundle.resolve(".config.json.tmp"));
            Files.deleteIfExists(rootfs);
            if (created) {
                Files.deleteIfExists(bundle);
            }
        } catch (IOException | RuntimeException cleanup) {
            // the original error is what the user needs; unbundle can finish the job
        }
    }
}
