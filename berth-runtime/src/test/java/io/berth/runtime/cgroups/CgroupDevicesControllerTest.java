package io.berth.runtime.cgroups;

import static io.berth.runtime.cgroups.CgroupMemoryControllerTest.assertMessage;
import static io.berth.runtime.cgroups.Resources.allow;
import static io.berth.runtime.cgroups.Resources.deny;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.linux.Bpf.Instruction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupDevicesControllerTest {
    private final DevicesController devices = new DevicesController();

    @TempDir
    Path tmp;
    private int dirs;

    @Test
    void aNewCgroupIsResetToDenyAllThenGetsTheAllowedDevices() {
        // a new cgroup under an allow-all parent lists "a *:* rwm"; a deny rule that matches no
        // allowed pattern exactly changes nothing in a deny-all cgroup, so it is not written
        var rules = Resources.devices(List.of(deny(null, null, null, "rwm"), allow("c", 136L, null, "rw"),
                allow("c", 1L, 3L, "rwm"), deny("b", -1L, 7L, "m")));
        assertEquals(List.of(w("devices.deny", "a"), w("devices.allow", "c 1:3 rwm"), w("devices.allow", "c 136:* rw")),
                devices.planV1(rules, dir("a *:* rwm")));
        assertEquals(devices.planV1(rules, dir("a *:* rwm")), devices.planV1(rules, dir(null)),
                "no devices.list: the same as unknown exceptions");
    }

    @Test
    void anUpdateWritesOnlyWhatChanges() {
        // Docker's default list, then the same with /dev/fuse added: nothing is denied on the way
        var before = List.of(deny(null, null, null, "rwm"), allow("c", 1L, 3L, "rwm"), allow("c", 1L, 5L, "rwm"),
                allow("c", 136L, null, "rwm"));
        var after = new java.util.ArrayList<>(before);
        after.add(allow("c", 10L, 229L, "rwm"));
        assertEquals(List.of(w("devices.allow", "c 10:229 rwm")),
                devices.planV1(Resources.devices(after), dir("c 1:3 rwm\nc 1:5 rwm\nc 136:* rwm")));
        // a device loses write and another goes; the rest stay untouched
        var narrower = List.of(deny(null, null, null, "rwm"), allow("c", 1L, 3L, "rm"), allow("c", 136L, null, "rwm"));
        assertEquals(List.of(w("devices.deny", "c 1:3 w"), w("devices.deny", "c 1:5 rwm")),
                devices.planV1(Resources.devices(narrower), dir("c 1:3 rwm\nc 1:5 rwm\nc 136:* rwm")));
        assertEquals(List.of(), devices.planV1(Resources.devices(before), dir("c 1:3 rwm\nc 1:5 rwm\nc 136:* rwm")),
                "already there");
    }

    @Test
    void allowByDefaultRulesAlwaysStartFromAReset() {
        // devices.list hides an allow-all cgroup's deny exceptions, so they cannot be diffed
        var rules = Resources.devices(List.of(allow("a", null, null, "rwm"), deny("c", 5L, 1L, "rwm"),
                deny("c", 5L, 1L, "w"), allow("c", 5L, 1L, "r")));
        assertEquals(List.of(w("devices.allow", "a"), w("devices.deny", "c 5:1 wm")),
                devices.planV1(rules, dir("a *:* rwm")));
        assertEquals(List.of(w("devices.allow", "a"), w("devices.deny", "c 5:1 wm")),
                devices.planV1(rules, dir("c 1:3 rwm")), "from deny-all");
    }

    @Test
    void whatTheKernelListsAfterTheWritesMustBeWhatWasPlanned() {
        var docker = Resources.devices(List.of(deny(null, null, null, "rwm"), allow("c", 1L, 3L, "rwm"),
                allow("c", 136L, null, "rw")));
        devices.verifyV1(docker, dir("c 136:* rw\nc 1:3 rwm"));
        assertMessage("devices.list does not show the devices linux.resources.devices asked for: "
                + "c 1:3: expected rwm, found rw; c 1:5: expected no access, found r",
                () -> devices.verifyV1(docker, dir("c 1:3 rw\nc 1:5 r\nc 136:* rw")));
        assertMessage("c 136:*: expected rw, found no access", () -> devices.verifyV1(docker, dir("c 1:3 rwm")));
        assertMessage("the cgroup allows every device", () -> devices.verifyV1(docker, dir("a *:* rwm")));
        assertMessage("cannot parse", () -> devices.verifyV1(docker, dir("c 1:3 rwx?")));
        assertMessage("no devices.list", () -> devices.verifyV1(docker, dir(null)));

        // an allow-all cgroup lists none of its deny exceptions: only the mode can be checked
        var allowAll = Resources.devices(List.of(allow(null, null, null, "rwm"), deny("c", 5L, 1L, "w")));
        devices.verifyV1(allowAll, dir("a *:* rwm"));
        assertMessage("denies devices by default", () -> devices.verifyV1(allowAll, dir("c 1:3 rwm")));
        devices.verifyV1(Resources.devices(List.of()), dir(null));
    }

    @Test
    void noRulesLeaveDevicesAlone() {
        assertEquals(List.of(), devices.planV1(Resources.devices(List.of()), dir()));
    }

    @Test
    void badRulesAreRefused() {
        assertMessage("must be a, b or c", () -> devices.planV1(Resources.devices(List.of(allow("x", 1L, 3L, "r"))), dir()));
        assertMessage("letters from rwm", () -> devices.planV2(Resources.devices(List.of(allow("c", 1L, 3L, "rx"))), dir()));
        assertMessage("out of range", () -> devices.planV1(Resources.devices(List.of(allow("c", -2L, 3L, "r"))), dir()));
    }

    @Test
    void filterProgramChecksLastRuleFirstAndDeniesByDefault() {
        List<Instruction> p = DeviceFilter.compile(List.of(allow("c", 1L, 3L, "rw"), deny("c", 1L, null, "w")));
        // prologue (6), deny c 1:* w (type, 3 for access, major, verdict 2 = 7), allow c 1:3 rw (8), default (2)
        assertEquals(6 + 7 + 8 + 2, p.size());
        Instruction firstTest = p.get(6);
        assertEquals(DeviceFilter.JMP_JNE_K, firstTest.opcode());
        assertEquals(DeviceFilter.DEV_CHAR, firstTest.imm());
        assertEquals(6, firstTest.offset(), "jumps past its own block to the next rule");
        assertEquals(DeviceFilter.JMP_JEQ_K, p.get(9).opcode(), "a deny rule matches any overlap of access");
        assertEquals(0, p.get(11).imm(), "deny verdict");
        assertEquals(DeviceFilter.JMP_JNE_X, p.get(16).opcode(), "an allow rule needs the request within its access");
        assertEquals(1, p.get(19).imm(), "allow verdict");
        assertEquals(List.of(0, DeviceFilter.JMP_EXIT), List.of(p.get(21).imm(), p.get(22).opcode()));
    }

    @Test
    void aRuleMatchingEverythingEndsTheProgram() {
        // Docker's list starts with "deny all": emitted last, it is the default, and nothing may follow it
        List<Instruction> p = DeviceFilter.compile(List.of(deny("a", null, null, "rwm"), allow("c", 1L, 5L, "r")));
        assertEquals(6 + 8 + 2, p.size()); // allow c 1:5 r (8), deny all (2), no default
        assertEquals(DeviceFilter.JMP_EXIT, p.getLast().opcode());
        List<Instruction> allowAll = DeviceFilter.compile(List.of(allow(null, null, null, null)));
        assertEquals(1, allowAll.get(6).imm());
        assertEquals(8, allowAll.size());
    }

    private CgroupFiles dir() {
        return Fixture.dir(tmp, Map.of());
    }

    /** A cgroup directory whose devices.list reads {@code list} (null: has none). */
    private CgroupFiles dir(String list) {
        return Fixture.dir(tmp.resolve("cgroup-" + ++dirs), list == null ? Map.of() : Map.of("devices.list", list));
    }

    private static CgroupWrite w(String file, String value) {
        return new CgroupWrite("devices", file, value);
    }
}
