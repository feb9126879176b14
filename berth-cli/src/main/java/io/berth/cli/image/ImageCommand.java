package io.berth.cli.image;

import picocli.CommandLine.Command;

/** berth image VERB: images on the local store. */
@Command(name = "image", description = "Manage images", mixinStandardHelpOptions = true,
        subcommands = {PullCommand.class, ListCommand.class, InspectCommand.class, RemoveCommand.class, TagCommand.class,
                BundleCommand.class, UnbundleCommand.class, PruneCommand.class,
                PushCommand.class,
                LoadCommand.class, SaveCommand.class, ImportCommand.class})
public final class ImageCommand {
}
