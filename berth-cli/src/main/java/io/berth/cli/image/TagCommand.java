package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.image.ImageService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth image tag SOURCE TARGET. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", mixinStandardHelpOptions = true)
public final class TagCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    public Integer call() {
        try (ImageService images = ((Berth) spec.root().userObject()).images()) {
            images.tag(source, target);
        }
        return 0;
    }
}
