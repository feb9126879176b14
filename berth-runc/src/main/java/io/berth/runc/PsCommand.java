package io.berth.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Like runc ps: the host's ps(1) output, filtered to the container's processes. */
@Command(name = "ps", description = "ps displays the processes running inside a container")
final class PsCommand extends RuncCommand {
    @Option(names = {"--format", "-f"}, description = "select one of: table or json (default: table)")
    String format = "table";

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Parameters(index = "1..*", paramLabel = "ps options", description = "options for ps (default: -ef)")
    List<String> psArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<Integer> pids = global.runtime().pids(id);
        if (format.equals("json")) {
            System.out.println(JsonOutput.compact(pids));
            return 0;
        }
        if (!format.equals("table")) {
            throw new IllegalArgumentException("invalid format option: " + format);
        }
        List<String> command = new ArrayList<>(List.of("ps"));
        command.addAll(psArgs.isEmpty() ? List.of("-ef") : psArgs);
        Process ps = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ps.waitFor() != 0) {
            throw new IllegalStateException("ps " + String.join(" ", command.subList(1, command.size())) + " failed");
        }
        List<String> lines = out.lines().toList();
        if (lines.isEmpty()) {
            return 0;
        }
        int pidColumn = List.of(lines.getFirst().trim().split("\\s+")).indexOf("PID");
        if (pidColumn < 0) {
            throw new IllegalStateException("couldn't find PID field in ps output");
        }
        Set<String> wanted = new HashSet<>();
        pids.forEach(p -> wanted.add(p.toString()));
        StringBuilder sb = new StringBuilder(lines.getFirst()).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > pidColumn && wanted.contains(fields[pidColumn])) {
                sb.append(line).append('\n');
            }
        }
        System.out.print(sb);
        return 0;
    }
}
