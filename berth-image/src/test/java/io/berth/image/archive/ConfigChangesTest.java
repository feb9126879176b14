package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.manifest.ExecutionConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {

    @Test
    void noChangesIsTheEmptyConfig() {
        assertTrue(ConfigChanges.apply(List.of()).isEmpty());
    }

    @Test
    void appliesTheInstructionsDockerImportTakes() {
        ExecutionConfig config = ConfigChanges.apply(List.of(
                "CMD [\"sh\", \"-c\", \"echo hi\"]",
                "entrypoint /entry.sh --flag",
                "ENV PATH=/bin:/usr/bin GREETING=\"hello world\"",
                "ENV OLD_FORM some value",
                "EXPOSE 80 53/udp",
                "LABEL org.example.a=1 \"org.example.b\"=\"two words\"",
                "USER 1000:1000",
                "WORKDIR /srv",
                "VOLUME [\"/data\", \"/cache\"]",
                "STOPSIGNAL SIGINT"));
        assertEquals(List.of("sh", "-c", "echo hi"), config.cmd());
        assertEquals(List.of("/bin/sh", "-c", "/entry.sh --flag"), config.entrypoint());
        assertEquals(List.of("PATH=/bin:/usr/bin", "GREETING=hello world", "OLD_FORM=some value"), config.env());
        assertEquals(Set.of("80/tcp", "53/udp"), config.exposedPorts());
        assertEquals(Map.of("org.example.a", "1", "org.example.b", "two words"), config.labels());
        assertEquals("1000:1000", config.user());
        assertEquals("/srv", config.workingDir());
        assertEquals(Set.of("/data", "/cache"), config.volumes());
        assertEquals("SIGINT", config.stopSignal());
    }

    @Test
    void aLaterEnvOfTheSameNameReplacesTheEarlier() {
        assertEquals(List.of("A=2", "B=1"), ConfigChanges.apply(List.of("ENV A=1 B=1", "ENV A=2")).env());
    }

    @Test
    void badChangesAreErrorsNamingTheChange() {
        assertEquals("invalid --change \"RUN make\": RUN is not supported (want one of CMD, ENTRYPOINT, ENV, EXPOSE,"
                + " LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR)", error("RUN make"));
        assertEquals("invalid --change \"CMD\": CMD needs an argument", error("CMD"));
        assertTrue(error("CMD [\"sh\"").contains("malformed JSON array"), error("CMD [\"sh\""));
        assertTrue(error("CMD [1]").contains("want a JSON array of strings"), error("CMD [1]"));
        assertTrue(error("EXPOSE 99999").contains("invalid port \"99999\""), error("EXPOSE 99999"));
        assertTrue(error("EXPOSE 80/icmp").contains("invalid port \"80/icmp\""), error("EXPOSE 80/icmp"));
        assertTrue(error("LABEL novalue").contains("\"novalue\" is not KEY=VALUE"), error("LABEL novalue"));
        assertTrue(error("LABEL a=\"open").contains("unterminated quote"), error("LABEL a=\"open"));
        assertTrue(error("ENV LONELY").contains("needs a value"), error("ENV LONELY"));
    }

    private static String error(String change) {
        return assertThrows(IllegalArgumentException.class, () -> ConfigChanges.apply(List.of(change))).getMessage();
    }
}
