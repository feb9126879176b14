package io.berth.cli.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.Berth;
import io.berth.image.ImageService;
import io.berth.image.content.Digest;
import io.berth.image.manifest.ExecutionConfig;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.reference.ImageReference;
import io.berth.image.store.ImageRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth image inspect IMAGE...: Docker's image-inspect JSON. */
@Command(name = "inspect", description = "Display detailed information on one or more images", mixinStandardHelpOptions = true)
public final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ArrayNode all = JSON.createArrayNode();
        List<String> errors = new ArrayList<>();
        try (ImageService images = ((Berth) spec.root().userObject()).images()) {
            for (String name : names) {
                try {
                    all.add(inspect(images, images.find(name)));
                } catch (RuntimeException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        out.println(JSON.writeValueAsString(all));
        out.flush();
        errors.forEach(e -> spec.commandLine().getErr().println("Error: " + e));
        return errors.isEmpty() ? 0 : 1;
    }

    private static ObjectNode inspect(ImageService images, ImageRecord image) throws java.io.IOException {
        ImageConfig config = images.config(image);
        ObjectNode node = JSON.createObjectNode();
        node.put("Id", image.id().toString());
        strings(node.putArray("RepoTags"), image.tags().stream().map(t -> ImageReference.parse(t).familiarString()).toList());
        strings(node.putArray("RepoDigests"), image.repoDigests().stream().map(t -> ImageReference.parse(t).familiarString()).toList());
        node.put("Parent", "");
        node.put("Comment", config.history().isEmpty() || config.history().getLast().comment() == null
                ? "" : config.history().getLast().comment());
        node.put("Created", config.created() == null ? "" : config.created().toString());
        node.put("DockerVersion", config.otherFields().containsKey("docker_version")
                ? JSON.readTree(config.otherFields().get("docker_version")).asText() : "");
        node.put("Author", config.author() == null ? "" : config.author());
        node.set("Config", containerConfig(config.config()));
        node.put("Architecture", config.architecture());
        if (config.variant() != null) {
            node.put("Variant", config.variant());
        }
        node.put("Os", config.os());
        node.put("Size", image.size());
        ObjectNode driver = node.putObject("GraphDriver");
        ObjectNode data = driver.putObject("Data");
        if (image.topChainId().isPresent()) {
            List<String> dirs = images.snapshotter().chain(image.topChainId().get()).stream()
                    .map(s -> s.fs().toString()).toList();
            data.put("LowerDir", String.join(":", dirs.subList(Math.min(1, dirs.size()), dirs.size())));
            data.put("UpperDir", dirs.getFirst());
            data.put("MergedDir", "");
            data.put("WorkDir", "");
        }
        driver.put("Name", "overlay");
        ObjectNode rootfs = node.putObject("RootFS");
        rootfs.put("Type", "layers");
        strings(rootfs.putArray("Layers"), config.diffIds().stream().map(Digest::toString).toList());
        node.putObject("Metadata").put("LastTagTime", image.storedAt().toString());
        node.put("ManifestDigest", image.manifestDigest().toString());
        return node;
    }

    private static ObjectNode containerConfig(ExecutionConfig c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Hostname", "");
        n.put("Domainname", "");
        n.put("User", c.user() == null ? "" : c.user());
        n.put("AttachStdin", false);
        n.put("AttachStdout", false);
        n.put("AttachStderr", false);
        if (!c.exposedPorts().isEmpty()) {
            ObjectNode ports = n.putObject("ExposedPorts");
            c.exposedPorts().forEach(p -> ports.putObject(p));
        }
        n.put("Tty", false);
        n.put("OpenStdin", false);
        n.put("StdinOnce", false);
        nullableArray(n, "Env", c.env());
        nullableArray(n, "Cmd", c.cmd());
        n.put("Image", "");
        if (c.volumes().isEmpty()) {
            n.putNull("Volumes");
        } else {
            ObjectNode v = n.putObject("Volumes");
            c.volumes().forEach(v::putObject);
        }
        n.put("WorkingDir", c.workingDir() == null ? "" : c.workingDir());
        nullableArray(n, "Entrypoint", c.entrypoint());
        n.putNull("OnBuild");
        if (c.labels().isEmpty()) {
            n.putNull("Labels");
        } else {
            ObjectNode labels = n.putObject("Labels");
            for (Map.Entry<String, String> e : c.labels().entrySet()) {
                labels.put(e.getKey(), e.getValue());
            }
        }
        if (c.stopSignal() != null) {
            n.put("StopSignal", c.stopSignal());
        }
        return n;
    }

    private static void nullableArray(ObjectNode n, String field, Collection<String> values) {
        if (values.isEmpty()) {
            n.putNull(field);
        } else {
            strings(n.putArray(field), values);
        }
    }

    private static void strings(ArrayNode array, Collection<String> values) {
        values.forEach(array::add);
    }

}
