package io.berth.cli.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.cli.Berth;
import io.berth.cli.format.HumanUnits;
import io.berth.cli.format.Table;
import io.berth.image.ImageService;
import io.berth.image.reference.ImageReference;
import io.berth.image.store.ImageRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** berth image ls: one row per tag (and one per untagged image), as docker images prints. */
@Command(name = "ls", aliases = "list", description = "List images", mixinStandardHelpOptions = true)
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "only show image IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "don't truncate output")
    boolean noTrunc;

    @Option(names = "--digests", description = "show digests")
    boolean digests;

    @Option(names = "--format", description = "\"table\" (default) or \"json\" (one JSON object per line, as docker's --format json)")
    String format = "table";

    @Override
    public Integer call() throws Exception {
        Berth berth = (Berth) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, String>> rows = new ArrayList<>();
        try (ImageService images = berth.images()) {
            for (ImageRecord image : images.list()) {
                String id = noTrunc ? image.id().toString() : image.id().shortHex();
                String created = image.created() == null ? "N/A"
                        : HumanUnits.duration(Duration.between(Instant.parse(image.created()), Instant.now())) + " ago";
                String digest = image.repoDigests().isEmpty() ? "<none>"
                        : image.repoDigests().getFirst().substring(image.repoDigests().getFirst().indexOf('@') + 1);
                List<String[]> names = new ArrayList<>();
                for (String tag : image.tags()) {
                    ImageReference ref = ImageReference.parse(tag);
                    names.add(new String[] {ref.familiarName(), ref.tag()});
                }
                if (names.isEmpty()) {
                    names.add(new String[] {image.repoDigests().isEmpty() ? "<none>"
                            : ImageReference.parse(image.repoDigests().getFirst()).familiarName(), "<none>"});
                }
                for (String[] name : names) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("Repository", name[0]);
                    row.put("Tag", name[1]);
                    row.put("Digest", digest);
                    row.put("ID", id);
                    row.put("CreatedSince", created);
                    row.put("CreatedAt", image.created() == null ? "" : image.created());
                    row.put("Size", HumanUnits.size(image.size()));
                    rows.add(row);
                }
            }
        }
        if (quiet) {
            rows.stream().map(r -> r.get("ID")).distinct().forEach(out::println);
        } else if (format.equals("json")) {
            ObjectMapper json = new ObjectMapper();
            for (Map<String, String> row : rows) {
                out.println(json.writeValueAsString(row));
            }
        } else if (format.equals("table")) {
            Table table = digests
                    ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                    : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            for (Map<String, String> r : rows) {
                if (digests) {
                    table.row(r.get("Repository"), r.get("Tag"), r.get("Digest"), r.get("ID"), r.get("CreatedSince"), r.get("Size"));
                } else {
                    table.row(r.get("Repository"), r.get("Tag"), r.get("ID"), r.get("CreatedSince"), r.get("Size"));
                }
            }
            table.print(out);
        } else {
            throw new IllegalArgumentException("unsupported --format \"" + format + "\": use table or json");
        }
        out.flush();
        return 0;
    }
}
