package io.berth.cli.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.cli.format.HumanUnits;
import io.berth.cli.format.Table;
import io.berth.storage.volume.Volume;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** berth volume ls. */
@Command(name = "ls", aliases = "list", description = "List volumes", mixinStandardHelpOptions = true)
public final class VolumeListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "only display volume names")
    boolean quiet;

    @Option(names = "--format", description = "\"table\" (default) or \"json\"")
    String format = "table";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Volume> volumes = VolumeCommand.store(spec).list();
        if (quiet) {
            volumes.forEach(v -> out.println(v.name()));
        } else if (format.equals("json")) {
            ObjectMapper json = new ObjectMapper();
            for (Volume v : volumes) {
                out.println(json.writeValueAsString(VolumeJson.of(json, v)));
            }
        } else if (format.equals("table")) {
            Table table = new Table("DRIVER", "VOLUME NAME", "SIZE");
            for (Volume v : volumes) {
                table.row(v.driver(), v.name(), v.sizeBytes().isPresent() ? HumanUnits.size(v.sizeBytes().getAsLong()) : "-");
            }
            table.print(out);
        } else {
            throw new IllegalArgumentException("unsupported --format \"" + format + "\": use table or json");
        }
        out.flush();
        return 0;
    }
}
