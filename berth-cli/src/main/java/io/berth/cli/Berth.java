package io.berth.cli;

import io.berth.image.ImageService;
import io.berth.image.StoreLayout;
import io.berth.image.registry.DockerConfigCredentials;
import io.berth.image.registry.RegistryClients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level command: global options and the one place that wires the store together. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Berth: images and volumes on the local store.")
public final class Berth {
    @Option(names = "--root", description = "store root (default: $BERTH_ROOT, else /var/lib/berth)")
    Path root;

    @Option(names = {"-D", "--debug"}, description = "print stack traces of errors")
    boolean debug;

    @Option(names = "--insecure-registry", description = "registry host[:port] reached over plain HTTP "
            + "(loopback registries always are); also $BERTH_INSECURE_REGISTRIES, comma-separated")
    List<String> insecureRegistries = new ArrayList<>();

    public boolean debug() {
        return debug;
    }

    public StoreLayout layout() {
        return StoreLayout.resolve(root, System.getenv());
    }

    public ImageService images() {
        Set<String> insecure = new HashSet<>(insecureRegistries);
        String env = System.getenv("BERTH_INSECURE_REGISTRIES");
        if (env != null) {
            for (String host : env.split(",")) {
                if (!host.isBlank()) {
                    insecure.add(host.strip());
                }
            }
        }
        return new ImageService(layout(), new RegistryClients(DockerConfigCredentials.fromEnvironment(System.getenv()), insecure));
    }
}
