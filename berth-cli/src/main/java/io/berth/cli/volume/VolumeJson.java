package io.berth.cli.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.storage.volume.Volume;
import java.util.Map;

/** Docker's volume-inspect shape, plus Size and UsageData for a size-capped volume. */
final class VolumeJson {
    private VolumeJson() {
    }

    static ObjectNode of(ObjectMapper json, Volume v) {
        ObjectNode n = json.createObjectNode();
        n.put("CreatedAt", v.createdAt().toString());
        n.put("Driver", v.driver());
        ObjectNode labels = n.putObject("Labels");
        v.labels().forEach(labels::put);
        n.put("Mountpoint", v.mountpoint().toString());
        n.put("Name", v.name());
        ObjectNode options = n.putObject("Options");
        for (Map.Entry<String, String> e : v.options().entrySet()) {
            options.put(e.getKey(), e.getValue());
        }
        n.put("Scope", v.scope());
        if (v.sizeBytes().isPresent()) {
            n.put("Size", v.sizeBytes().getAsLong());
            n.put("Mounted", v.mounted());
            v.usage().ifPresent(u -> {
                ObjectNode usage = n.putObject("UsageData");
                usage.put("Size", u.usedBytes());
                usage.put("Available", u.availableBytes());
                usage.put("Total", u.sizeBytes());
            });
        }
        return n;
    }
}
