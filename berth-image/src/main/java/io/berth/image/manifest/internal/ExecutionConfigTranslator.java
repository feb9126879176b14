package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.berth.image.manifest.ExecutionConfig;
import io.berth.image.manifest.Healthcheck;
import io.berth.image.manifest.ImageFormatException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An image config's {@code config} object between wire and domain. */
final class ExecutionConfigTranslator {
    private static final Set<String> KNOWN_MEMBERS =
            Set.of(ExecutionConfigJson.class.getAnnotation(JsonPropertyOrder.class).value());

    private ExecutionConfigTranslator() {}

    static ExecutionConfig toDomain(ExecutionConfigJson json, String document, String field) {
        return new ExecutionConfig(json.user(), keys(json.exposedPorts()),
                Strings.list(json.env(), document, field + ".Env"),
                Strings.list(json.entrypoint(), document, field + ".Entrypoint"),
                Strings.list(json.cmd(), document, field + ".Cmd"), keys(json.volumes()), json.workingDir(),
                Strings.map(json.labels(), document, field + ".Labels"), json.stopSignal(),
                Boolean.TRUE.equals(json.argsEscaped()),
                json.healthcheck() == null ? null : healthcheck(json.healthcheck(), document, field + ".Healthcheck"),
                ConfigTranslator.Members.toText(json.other()));
    }

    static ExecutionConfigJson toWire(ExecutionConfig config) {
        return new ExecutionConfigJson(config.user(), emptyObjects(config.exposedPorts()), config.env(),
                config.entrypoint(), config.cmd(), emptyObjects(config.volumes()), config.workingDir(),
                config.labels(), config.stopSignal(), config.argsEscaped() ? Boolean.TRUE : null,
                config.healthcheck() == null ? null : toWire(config.healthcheck()),
                ConfigTranslator.Members.fromText(config.otherFields(), KNOWN_MEMBERS, "config"));
    }

    private static Healthcheck healthcheck(HealthcheckJson json, String document, String field) {
        int retries = json.retries() == null ? 0 : json.retries();
        if (retries < 0) {
            throw ImageFormatException.at(document, field + ".Retries", "must not be negative, is " + retries);
        }
        return new Healthcheck(Strings.list(json.test(), document, field + ".Test"), nanos(json.interval()),
                nanos(json.timeout()), nanos(json.startPeriod()), nanos(json.startInterval()), retries);
    }

    private static HealthcheckJson toWire(Healthcheck check) {
        return new HealthcheckJson(check.test(), nanos(check.interval()), nanos(check.timeout()),
                nanos(check.startPeriod()), nanos(check.startInterval()),
                check.retries() == 0 ? null : check.retries());
    }

    private static Duration nanos(Long nanos) {
        return nanos == null ? Duration.ZERO : Duration.ofNanos(nanos);
    }

    /** Docker's encoding: nanoseconds, left out when zero (unset). */
    private static Long nanos(Duration duration) {
        return duration.isZero() ? null : duration.toNanos();
    }

    private static Set<String> keys(Map<String, JsonNode> set) {
        return set == null ? null : set.keySet();
    }

    /** A set as Go writes {@code map[string]struct{}}: each member maps to {@code {}}. */
    private static Map<String, JsonNode> emptyObjects(Set<String> members) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        members.forEach(member -> map.put(member, JsonNodeFactory.instance.objectNode()));
        return map;
    }
}
