package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.image.ImageService;
import io.berth.image.archive.ImageArchives;
import io.berth.image.archive.LoadOptions;
import io.berth.image.archive.LoadedImage;
import io.berth.image.manifest.Platform;
import io.berth.image.reference.ImageReference;
import io.berth.linux.Terminals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** berth image load [-i FILE]: images from a docker-archive, an oci-archive or an OCI layout directory. */
@Command(name = "load", description = "Load images from a docker-archive or oci-archive (STDIN by default) or an"
        + " OCI layout directory", mixinStandardHelpOptions = true)
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "read from FILE (or an OCI layout directory) instead of STDIN")
    Path input;

    @Option(names = {"-q", "--quiet"}, description = "print only the loaded images")
    boolean quiet;

    @Option(names = "--platform", description = "os/arch[/variant] to load from a multi-platform image (default: this machine's)")
    String platform;

    @Option(names = "--max-layer-size", paramLabel = "SIZE",
            description = "refuse a layer that unpacks to more than SIZE (e.g. 1G); also $BERTH_MAX_LAYER_SIZE")
    String maxLayerSize;

    @Override
    public Integer call() throws Exception {
        Berth berth = (Berth) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        LoadOptions options = new LoadOptions(platform == null ? Platform.defaultPlatform() : Platform.parse(platform),
                PullCommand.maxLayerBytes(maxLayerSize));
        if (input == null && Terminals.isTerminal(0)) {
            throw new IllegalArgumentException("requested load from stdin, but stdin is empty");
        }
        try (ImageService images = berth.images()) {
            ImageArchives archives = new ImageArchives(images);
            List<LoadedImage> loaded = input == null ? archives.load(System.in, options) : archives.load(input, options);
            for (LoadedImage image : loaded) {
                print(out, image);
            }
        }
        return 0;
    }

    private void print(PrintWriter out, LoadedImage image) {
        if (!quiet) {
            for (LoadedImage.DisplacedTag moved : image.displaced()) {
                out.println("The image " + moved.tag().familiarString() + " already exists, renaming the old one with ID "
                        + moved.previous() + " to empty string");
            }
        }
        if (image.tags().isEmpty()) {
            out.println("Loaded image ID: " + image.id());
        }
        for (ImageReference tag : image.tags()) {
            out.println("Loaded image: " + tag.familiarString());
        }
    }
}
