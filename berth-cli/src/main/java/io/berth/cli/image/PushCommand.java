package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.image.ImageService;
import io.berth.image.push.ImagePusher;
import io.berth.image.push.PushListener;
import io.berth.image.push.PushOptions;
import io.berth.image.push.PushResult;
import io.berth.image.reference.ImageReference;
import io.berth.image.store.ImageRecord;
import io.berth.image.store.ImageStoreException;
import io.berth.storage.volume.ByteSize;
import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth image push NAME[:TAG]: docker push's output, flags and errors. */
@Command(name = "push", description = "Upload an image to a registry", mixinStandardHelpOptions = true)
public final class PushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String name;

    @Option(names = {"-a", "--all-tags"}, description = "push all tags of the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "print only the pushed reference")
    boolean quiet;

    @Option(names = "--upload-chunk-size", paramLabel = "SIZE", hidden = true,
            description = "upload every blob in PATCH chunks of SIZE (e.g. 256k), whatever its size")
    String uploadChunkSize;

    @Override
    public Integer call() throws Exception {
        Berth berth = (Berth) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        ImageReference ref = ImageReference.parse(name);
        String lastComponent = name.substring(name.lastIndexOf('/') + 1);
        boolean nameOnly = !lastComponent.contains(":") && !lastComponent.contains("@");
        if (ref.digest() != null) {
            throw new IllegalArgumentException("cannot push a digest reference: " + name);
        }
        if (allTags && !nameOnly) {
            throw new IllegalArgumentException("tag can't be used with --all-tags/-a");
        }
        PushOptions options = uploadChunkSize == null ? PushOptions.defaults()
                : PushOptions.defaults().alwaysChunked(chunkSize(uploadChunkSize));
        try (ImageService images = berth.images()) {
            List<ImageReference> targets = allTags ? taggedIn(images, ref) : List.of(ref);
            if (!quiet && nameOnly && !allTags) {
                out.println("Using default tag: latest");
            }
            if (!quiet) {
                out.println("The push refers to repository [" + ref.repository() + "]");
                out.flush();
            }
            ImagePusher pusher = new ImagePusher(images.registries(), images.content(), images.store());
            for (ImageReference target : targets) {
                ImageRecord image = find(images, target);
                PushListener listener = quiet ? PushListener.none() : new PushProgressPrinter(out, terminal());
                PushResult result = images.withStoreShared(() -> pusher.push(image, target, options, listener));
                out.println(quiet ? target.toString()
                        : target.tag() + ": digest: " + result.digest() + " size: " + result.size());
                out.flush();
            }
        }
        return 0;
    }

    private static boolean terminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    private static ImageRecord find(ImageService images, ImageReference target) {
        return images.store().byTag(target.toString()).flatMap(images.store()::get).orElseThrow(() ->
                new ImageStoreException("An image does not exist locally with the tag: " + target.familiarName()));
    }

    /** Every tag of the repository in the store, in order, as docker push --all-tags sends them. */
    private static List<ImageReference> taggedIn(ImageService images, ImageReference repository) {
        List<ImageReference> tags = new ArrayList<>();
        for (ImageRecord image : images.list()) {
            for (String tag : image.tags()) {
                ImageReference t = ImageReference.parse(tag);
                if (t.repository().equals(repository.repository())) {
                    tags.add(t);
                }
            }
        }
        if (tags.isEmpty()) {
            throw new ImageStoreException("An image does not exist locally with the tag: " + repository.familiarName());
        }
        tags.sort(Comparator.comparing(ImageReference::tag));
        return tags;
    }

    private static long chunkSize(String text) {
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --upload-chunk-size \"" + text + "\": " + e.getMessage(), e);
        }
    }
}
