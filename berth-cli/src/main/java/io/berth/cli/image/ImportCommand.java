package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.image.ImageService;
import io.berth.image.archive.ImageArchives;
import io.berth.image.archive.ImportOptions;
import io.berth.image.archive.LoadedImage;
import io.berth.image.manifest.Platform;
import io.berth.image.reference.ImageReference;
import io.berth.linux.Terminals;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth image import FILE|- [REPOSITORY[:TAG]]: a one-layer image from a rootfs tarball. */
@Command(name = "import", description = "Create an image from a rootfs tarball (plain, gzip or zstd; - reads STDIN)",
        mixinStandardHelpOptions = true)
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String repository;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
            description = "apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,"
                    + " STOPSIGNAL, USER, VOLUME, WORKDIR)")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "history comment for the image")
    String message;

    @Option(names = "--platform", description = "os/arch[/variant] the image is for (default: this machine's)")
    String platform;

    @Override
    public Integer call() throws Exception {
        Berth berth = (Berth) spec.root().userObject();
        if (source.contains("://")) {
            throw new IllegalArgumentException("importing from a URL is not supported: download " + source + " first");
        }
        Optional<ImageReference> reference = Optional.ofNullable(repository).map(ImageReference::parse);
        if (reference.isPresent() && reference.get().digest() != null) {
            throw new IllegalArgumentException("refusing to create a tag with a digest reference: " + repository);
        }
        ImportOptions options = new ImportOptions(reference, changes, Optional.ofNullable(message),
                platform == null ? Platform.defaultPlatform() : Platform.parse(platform));
        if (source.equals("-") && Terminals.isTerminal(0)) {
            throw new IllegalArgumentException("requested import from stdin, but stdin is a terminal");
        }
        try (ImageService images = berth.images()) {
            ImageArchives archives = new ImageArchives(images);
            LoadedImage image;
            if (source.equals("-")) {
                image = archives.importRootfs(System.in, options);
            } else {
                if (!Files.isRegularFile(Path.of(source))) {
                    throw new IllegalArgumentException("open " + source + ": no such file");
                }
                try (InputStream in = Files.newInputStream(Path.of(source))) {
                    image = archives.importRootfs(in, options);
                }
            }
            spec.commandLine().getOut().println(image.id());
        }
        return 0;
    }
}
