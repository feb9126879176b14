package io.berth.testing.image;

import io.berth.testing.Command;
import io.berth.testing.registry.LocalRegistry;
import io.berth.testing.registry.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * skopeo as an independent peer: it pushes test images the image layer under test did not make, and
 * reads back what that layer pushed. Talks plain HTTP to a {@link LocalRegistry}.
 */
public final class Skopeo {
    public static final Path PROGRAM = Path.of("/usr/bin/skopeo");
    private static final Duration LIMIT = Duration.ofMinutes(2);

    private Skopeo() {}

    /**
     * {@code skopeo copy --all} from a layout to the registry. OCI pushes add {@code --preserve-digests}
     * so skopeo fails rather than re-encode anything; Docker pushes add {@code --format v2s2}.
     */
    static void push(OciLayout layout, LocalRegistry registry, String repoAndTag, PushFormat format) throws IOException {
        List<String> argv = new ArrayList<>(List.of(program(), "copy", "--quiet", "--all", "--dest-tls-verify=false"));
        registry.credentials().ifPresent(c -> argv.addAll(List.of("--dest-creds", c.colonJoined())));
        argv.addAll(switch (format) {
            case OCI -> List.of("--preserve-digests");
            case DOCKER_V2S2 -> List.of("--format", "v2s2");
        });
        argv.addAll(List.of(layout.skopeoReference(), "docker://" + registry.reference(repoAndTag)));
        Command.of(argv).withTimeout(LIMIT).check();
    }

    /** {@code skopeo copy --all} from the registry into a new OCI layout at {@code dir}, named {@code refName}. */
    public static OciLayout pull(LocalRegistry registry, String repoAndTag, Path dir, String refName) throws IOException {
        List<String> argv = new ArrayList<>(List.of(program(), "copy", "--quiet", "--all", "--preserve-digests",
                "--src-tls-verify=false"));
        registry.credentials().ifPresent(c -> argv.addAll(List.of("--src-creds", c.colonJoined())));
        argv.addAll(List.of("docker://" + registry.reference(repoAndTag), "oci:" + dir + ":" + refName));
        Command.of(argv).withTimeout(LIMIT).check();
        return new OciLayout(dir, Optional.of(refName));
    }

    /** {@code skopeo inspect}: the JSON summary (Digest, Layers, Architecture, Env, ...) skopeo makes of an image. */
    public static String inspect(LocalRegistry registry, String repoAndTag) throws IOException {
        return inspect(registry, repoAndTag, registry.credentials(), false);
    }

    /** {@code skopeo inspect --raw}: the manifest or index bytes as the registry serves them. */
    public static String inspectRaw(LocalRegistry registry, String repoAndTag) throws IOException {
        return inspect(registry, repoAndTag, registry.credentials(), true);
    }

    /** {@code skopeo inspect} with explicit credentials (or none), to check what the registry lets through. */
    public static String inspect(LocalRegistry registry, String repoAndTag, Optional<RegistryCredentials> credentials,
            boolean raw) throws IOException {
        List<String> argv = new ArrayList<>(List.of(program(), "inspect", "--tls-verify=false"));
        if (raw) {
            argv.add("--raw");
        }
        argv.addAll(credentials.isPresent() ? List.of("--creds", credentials.get().colonJoined()) : List.of("--no-creds"));
        argv.add("docker://" + registry.reference(repoAndTag));
        return Command.of(argv).withTimeout(LIMIT).check().stdoutText();
    }

    private static String program() {
        if (!Files.isExecutable(PROGRAM)) {
            throw new IllegalStateException(PROGRAM + " is missing: install the skopeo package");
        }
        return PROGRAM.toString();
    }
}
