package io.berth.runc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small edits to a config.json tree used across the integration tests. */
final class ObjectNodes {
    private ObjectNodes() {}

    static ObjectNode mount(ObjectNode config, String destination, String type, String source, String... options) {
        ObjectNode m = ((ArrayNode) config.get("mounts")).addObject();
        m.put("destination", destination);
        if (type != null) {
            m.put("type", type);
        }
        if (source != null) {
            m.put("source", source);
        }
        ArrayNode opts = m.putArray("options");
        for (String o : options) {
            opts.add(o);
        }
        return m;
    }

    static void bind(ObjectNode config, String hostDir, String destination, String... extra) {
        String[] options = new String[extra.length + 1];
        options[0] = "rbind";
        System.arraycopy(extra, 0, options, 1, extra.length);
        mount(config, destination, "bind", hostDir, options);
    }

    static ArrayNode strings(ObjectNode parent, String field, String... values) {
        ArrayNode array = parent.putArray(field);
        for (String v : values) {
            array.add(v);
        }
        return array;
    }

    /** linux.seccomp that allows everything but mkdir and mkdirat, which fail with EPERM. */
    static void seccompDenyingMkdir(ObjectNode config) {
        ObjectNode seccomp = ((ObjectNode) config.get("linux")).putObject("seccomp");
        seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
        ObjectNode rule = seccomp.putArray("syscalls").addObject();
        strings(rule, "names", "mkdir", "mkdirat");
        rule.put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1);
    }
}
