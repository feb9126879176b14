package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.image.ImageService;
import io.berth.image.manifest.Platform;
import io.berth.image.pull.PullOptions;
import io.berth.image.pull.PullResult;
import io.berth.image.reference.ImageReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** berth image pull NAME[:TAG|@DIGEST]. */
@Command(name = "pull", description = "Download an image from a registry", mixinStandardHelpOptions = true)
public final class PullCommand implements Callable<Integer> {
    @ParentCommand
    ImageCommand image;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
    String name;

    @Option(names = "--platform", description = "os/arch[/variant] to pull from a multi-platform image (default: this machine's)")
    String platform;

    @Option(names = "--max-layer-size", paramLabel = "SIZE",
            description = "refuse a layer that unpacks to more than SIZE (e.g. 1G); also $BERTH_MAX_LAYER_SIZE")
    String maxLayerSize;

    @Option(names = {"-q", "--quiet"}, description = "print only the image reference")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Berth berth = (Berth) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        ImageReference ref = ImageReference.parse(name);
        MaxLayerSize cap = MaxLayerSize.resolve(maxLayerSize);
        PullOptions options = new PullOptions(
                platform == null ? Platform.defaultPlatform() : Platform.parse(platform), cap.bytes(), 3);
        if (!quiet) {
            String lastComponent = name.substring(name.lastIndexOf('/') + 1);
            if (!lastComponent.contains(":") && !name.contains("@")) {
                out.println("Using default tag: latest");
            }
            out.println((ref.digest() != null ? ref.digest().toString() : ref.tag()) + ": Pulling from " + ref.path());
            out.flush();
        }
        try (ImageService images = berth.images()) {
            PullResult result;
            try {
                result = images.pull(ref, options,
                        quiet ? io.berth.image.pull.PullListener.none() : new ProgressPrinter(out, System.console() != null && System.console().isTerminal()));
            } catch (IOException e) {
                throw cap.explain(e);
            }
            if (!quiet) {
                out.println("Digest: " + result.digest());
                out.println("Status: " + (result.newer() ? "Downloaded newer image for " : "Image is up to date for ")
                        + ref.familiarString());
            }
            out.println(ref);
        }
        return 0;
    }

    /** The --max-layer-size cap in bytes, else $BERTH_MAX_LAYER_SIZE's; Long.MAX_VALUE for none. */
    static long maxLayerBytes(String option) {
        return MaxLayerSize.resolve(option).bytes();
    }
}
