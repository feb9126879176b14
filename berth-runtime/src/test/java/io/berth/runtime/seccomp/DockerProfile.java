package io.berth.runtime.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * Docker's profile shape (archMap, per-rule includes/excludes) to OCI linux.seccomp, the way
 * Docker does it for one architecture and a container without extra capabilities. minKernel
 * is treated as met (the test hosts run a recent kernel).
 */
final class DockerProfile {
    static final String RESOURCE = "/seccomp/docker-default.json";

    private DockerProfile() {}

    /** @param scmpArch e.g. SCMP_ARCH_X86_64; @param goArch Docker's name for it, e.g. amd64 */
    static Seccomp forArch(String scmpArch, String goArch) throws IOException {
        ObjectNode profile = (ObjectNode) read();
        ArrayNode architectures = profile.putArray("architectures");
        for (JsonNode entry : profile.path("archMap")) {
            if (entry.path("architecture").asText().equals(scmpArch)) {
                architectures.add(scmpArch);
                entry.path("subArchitectures").forEach(architectures::add);
            }
        }
        profile.remove("archMap");
        ArrayNode kept = SpecReader.mapper().createArrayNode();
        for (JsonNode rule : profile.path("syscalls")) {
            if (applies(rule, goArch)) {
                kept.add(rule);
            }
        }
        profile.set("syscalls", kept);
        return SpecReader.mapper().treeToValue(profile, Seccomp.class);
    }

    private static boolean applies(JsonNode rule, String goArch) {
        JsonNode includes = rule.path("includes");
        JsonNode excludes = rule.path("excludes");
        boolean needsCaps = !includes.path("caps").isEmpty();
        boolean archIncluded = includes.path("arches").isEmpty() || contains(includes.path("arches"), goArch);
        return !needsCaps && archIncluded && !contains(excludes.path("arches"), goArch);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode read() throws IOException {
        try (InputStream in = DockerProfile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("missing test resource " + RESOURCE);
            }
            return SpecReader.mapper().readTree(in);
        }
    }
}
