package io.berth.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.linux.LibSeccomp.ArgCompare;
import io.berth.linux.LibSeccomp.Compare;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** runc's grouping of argument conditions into rules, without the kernel. */
class SeccompConditionsTest {
    @Test
    void noArgsIsOneUnconditionalRule() {
        assertEquals(List.of(List.of()), SeccompConditions.rules(List.of(), "/p"));
    }

    @Test
    void differentIndexesShareOneRule() {
        List<List<ArgCompare>> rules = SeccompConditions.rules(List.of(
                new Seccomp.Arg(0, 1, null, "SCMP_CMP_EQ"),
                new Seccomp.Arg(1, 2, null, "SCMP_CMP_NE")), "/p");
        assertEquals(List.of(List.of(
                new ArgCompare(0, Compare.EQ, 1, 0), new ArgCompare(1, Compare.NE, 2, 0))), rules);
    }

    @Test
    void aRepeatedIndexSplitsEveryConditionIntoItsOwnRule() {
        List<List<ArgCompare>> rules = SeccompConditions.rules(List.of(
                new Seccomp.Arg(0, 1, null, "SCMP_CMP_EQ"),
                new Seccomp.Arg(0, 2, null, "SCMP_CMP_EQ"),
                new Seccomp.Arg(1, 0xff, 0x0fL, "SCMP_CMP_MASKED_EQ")), "/p");
        assertEquals(List.of(
                List.of(new ArgCompare(0, Compare.EQ, 1, 0)),
                List.of(new ArgCompare(0, Compare.EQ, 2, 0)),
                List.of(new ArgCompare(1, Compare.MASKED_EQ, 0xff, 0x0f))), rules);
    }

    @Test
    void unsignedJsonValuesKeepTheirBits() {
        Seccomp.Syscall call = SpecReader.parse("""
                {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [
                  {"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"},
                  {"index": 1, "value": 18446744073709551615, "valueTwo": 9223372036854775808,
                   "op": "SCMP_CMP_MASKED_EQ"}]}""".getBytes(StandardCharsets.UTF_8), Seccomp.Syscall.class);
        List<ArgCompare> conditions = SeccompConditions.rules(call.args(), "/p").getFirst();
        assertEquals(0xffffffffL, conditions.get(0).datumA());
        assertEquals(-1L, conditions.get(1).datumA());
        assertEquals(Long.MIN_VALUE, conditions.get(1).datumB());
    }
}
