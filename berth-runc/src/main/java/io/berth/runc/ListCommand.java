package io.berth.runc;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.state.ContainerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", description = "lists containers started by runc with the given root")
final class ListCommand extends RuncCommand {
    @Option(names = {"--format", "-f"}, description = "select one of: table or json (default: table)")
    String format = "table";

    @Option(names = {"--quiet", "-q"}, description = "display only container IDs")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        ContainerRuntime runtime = global.runtime();
        List<ContainerState> states = runtime.list();
        if (quiet) {
            states.forEach(s -> System.out.println(s.id()));
            return 0;
        }
        switch (format) {
            case "json" -> {
                List<Map<String, Object>> out = new ArrayList<>();
                for (ContainerState s : states) {
                    out.add(StateCommand.describe(s, runtime.record(s.id())));
                }
                System.out.println(JsonOutput.compact(out));
            }
            case "table" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
                for (ContainerState s : states) {
                    var r = runtime.record(s.id());
                    rows.add(new String[] {s.id(), Integer.toString(s.pid()), s.status(), s.bundle(), r.created(),
                            r.owner()});
                }
                Table.print(rows);
            }
            default -> throw new IllegalArgumentException("invalid format option: " + format);
        }
        return 0;
    }
}
