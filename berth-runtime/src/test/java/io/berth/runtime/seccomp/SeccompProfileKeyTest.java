package io.berth.runtime.seccomp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompProfileKeyTest {
    private static Seccomp parse(String json) {
        return SpecReader.parse(("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"r\"}, \"linux\": {\"seccomp\": "
                + json + "}}").getBytes(UTF_8)).linux().seccomp();
    }

    private static final String PROFILE = """
            {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "architectures": ["SCMP_ARCH_X86_64"],
             "flags": ["SECCOMP_FILTER_FLAG_LOG"], "syscalls": [
              {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
              {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
               "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]}]}""";

    @Test
    void theSameProfileHasTheSameKeyWhateverItsLayout() {
        String reordered = """
                {"syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read", "write"]},
                  {"args": [{"op": "SCMP_CMP_EQ", "valueTwo": 0, "value": 8, "index": 0}],
                   "action": "SCMP_ACT_ALLOW", "names": ["personality"]}],
                 "flags": ["SECCOMP_FILTER_FLAG_LOG"], "architectures": ["SCMP_ARCH_X86_64"],
                 "defaultErrnoRet": 1, "defaultAction": "SCMP_ACT_ERRNO"}""";
        assertEquals(SeccompProfileKey.of(parse(PROFILE)), SeccompProfileKey.of(parse(reordered)));
    }

    @Test
    void everyFieldCounts() {
        String key = SeccompProfileKey.of(parse(PROFILE));
        List<String> variants = List.of(
                PROFILE.replace("SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 1", "SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 2"),
                PROFILE.replace("\"defaultAction\": \"SCMP_ACT_ERRNO\"", "\"defaultAction\": \"SCMP_ACT_KILL\""),
                PROFILE.replace("\"SCMP_ARCH_X86_64\"", "\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\""),
                PROFILE.replace("\"flags\": [\"SECCOMP_FILTER_FLAG_LOG\"], ", ""),
                PROFILE.replace("\"read\", \"write\"", "\"write\", \"read\""),
                PROFILE.replace("{\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"}",
                        "{\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_LOG\"}"),
                PROFILE.replace("\"value\": 8", "\"value\": 9"),
                PROFILE.replace("\"valueTwo\": 0, ", ""),
                PROFILE.replace("\"index\": 0", "\"index\": 1"),
                PROFILE.replace("SCMP_CMP_EQ", "SCMP_CMP_NE"),
                PROFILE.replace("{\"defaultAction\"", "{\"listenerPath\": \"/run/l.sock\", \"defaultAction\""),
                PROFILE.replace("{\"defaultAction\"", "{\"listenerMetadata\": \"m\", \"defaultAction\""),
                PROFILE.replace("\"action\": \"SCMP_ACT_ALLOW\"}", "\"action\": \"SCMP_ACT_ALLOW\", \"errnoRet\": 1}"),
                PROFILE.replace("\"valueTwo\": 0", "\"valueTwo\": 1"),
                """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "architectures": ["SCMP_ARCH_X86_64"],
                 "flags": ["SECCOMP_FILTER_FLAG_LOG"], "syscalls": [
                  {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
                  {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}""");
        for (String variant : variants) {
            assertNotEquals(key, SeccompProfileKey.of(parse(variant)), variant);
        }
    }

    @Test
    void namesCannotRunTogether() {
        Seccomp ab = new Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of(), null, null,
                List.of(new Seccomp.Syscall(List.of("ab", "c"), "SCMP_ACT_ERRNO", null, List.of())));
        Seccomp bc = new Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of(), null, null,
                List.of(new Seccomp.Syscall(List.of("a", "bc"), "SCMP_ACT_ERRNO", null, List.of())));
        assertNotEquals(SeccompProfileKey.of(ab), SeccompProfileKey.of(bc));
    }

    @Test
    void unsignedValuesAboveLongMaxAreKeptApart() {
        String high = PROFILE.replace("\"value\": 8", "\"value\": 18446744073709551615");
        String low = PROFILE.replace("\"value\": 8", "\"value\": 9223372036854775807");
        assertNotEquals(SeccompProfileKey.of(parse(high)), SeccompProfileKey.of(parse(low)));
    }
}
