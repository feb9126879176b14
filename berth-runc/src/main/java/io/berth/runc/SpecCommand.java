package io.berth.runc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.runtime.spec.DefaultSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "spec", description = "create a new specification file")
final class SpecCommand implements Callable<Integer> {
    @Option(names = {"--bundle", "-b"}, description = "path to the root of the bundle directory")
    Path bundle = Path.of(".");

    @Option(names = "--rootless", description = "generate a configuration for a rootless container")
    boolean rootless;

    @Override
    public Integer call() throws Exception {
        if (rootless) {
            throw new IllegalArgumentException("--rootless specs are not supported yet");
        }
        Path config = bundle.resolve("config.json");
        if (Files.exists(config)) {
            throw new IllegalStateException("File config.json exists. Remove it first");
        }
        byte[] json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .serializationInclusion(JsonInclude.Include.NON_EMPTY).build()
                .writeValueAsBytes(DefaultSpec.create());
        Files.write(config, json);
        return 0;
    }
}
