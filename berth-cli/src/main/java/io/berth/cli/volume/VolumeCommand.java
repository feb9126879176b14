package io.berth.cli.volume;

import io.berth.cli.Berth;
import io.berth.storage.volume.VolumeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** berth volume VERB: named volumes, optionally with a hard size. */
@Command(name = "volume", description = "Manage volumes", mixinStandardHelpOptions = true,
        subcommands = {VolumeCreateCommand.class, VolumeListCommand.class, VolumeInspectCommand.class, VolumeRemoveCommand.class})
public final class VolumeCommand {
    static VolumeStore store(CommandSpec spec) {
        return new VolumeStore(((Berth) spec.root().userObject()).layout().root());
    }
}
