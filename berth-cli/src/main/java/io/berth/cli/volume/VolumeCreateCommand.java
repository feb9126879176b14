package io.berth.cli.volume;

import io.berth.storage.volume.Volume;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth volume create [--size SIZE] [NAME]. */
@Command(name = "create", description = "Create a volume", mixinStandardHelpOptions = true)
public final class VolumeCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = "--size", paramLabel = "SIZE", description = "a hard size (e.g. 100M, 1G): an ext4 disk image on a loop device")
    String size;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "set metadata on the volume")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "driver options (size=SIZE)")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = {"-d", "--driver"}, description = "volume driver (only \"local\")")
    String driver = "local";

    @Override
    public Integer call() {
        if (!driver.equals("local")) {
            throw new IllegalArgumentException("volume driver \"" + driver + "\" is not supported (only \"local\")");
        }
        Volume v = VolumeCommand.store(spec).create(name, Optional.ofNullable(size), labels, options);
        spec.commandLine().getOut().println(v.name());
        return 0;
    }
}
