package io.berth.cli.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.berth.storage.volume.VolumeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth volume inspect NAME...: Docker's volume JSON. */
@Command(name = "inspect", description = "Display detailed information on one or more volumes", mixinStandardHelpOptions = true)
public final class VolumeInspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "VOLUME")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        VolumeStore store = VolumeCommand.store(spec);
        ArrayNode all = json.createArrayNode();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                all.add(VolumeJson.of(json, store.inspect(name)));
            } catch (RuntimeException e) {
                errors.add(e.getMessage());
            }
        }
        spec.commandLine().getOut().println(json.writeValueAsString(all));
        errors.forEach(e -> spec.commandLine().getErr().println("Error: " + e));
        return errors.isEmpty() ? 0 : 1;
    }
}
