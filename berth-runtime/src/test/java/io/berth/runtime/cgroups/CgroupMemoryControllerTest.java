package io.berth.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.runtime.spec.LinuxResources.Memory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMemoryControllerTest {
    private static final long MIB = 1 << 20;
    private final MemoryController memory = new MemoryController();

    @TempDir
    Path tmp;

    private CgroupFiles v1(long currentLimit) {
        return Fixture.dir(tmp.resolve("v1"), Map.of(MemoryController.LIMIT_V1, Long.toString(currentLimit),
                MemoryController.MEMSW_V1, Long.toString(currentLimit)));
    }

    @Test
    void raisingTheLimitWritesMemswFirst() {
        List<CgroupWrite> plan = memory.planV1(Resources.memory(512 * MIB, null, 1024 * MIB), v1(256 * MIB));
        assertEquals(List.of(w(MemoryController.MEMSW_V1, 1024 * MIB), w(MemoryController.LIMIT_V1, 512 * MIB)), plan);
    }

    @Test
    void loweringTheLimitWritesTheLimitFirst() {
        List<CgroupWrite> plan = memory.planV1(Resources.memory(128 * MIB, null, 256 * MIB), v1(512 * MIB));
        assertEquals(List.of(w(MemoryController.LIMIT_V1, 128 * MIB), w(MemoryController.MEMSW_V1, 256 * MIB)), plan);
    }

    @Test
    void unlimitedMemoryAlsoLiftsSwapOnV1() {
        List<CgroupWrite> plan = memory.planV1(Resources.memory(-1L, null, null), v1(512 * MIB));
        assertEquals(List.of(w(MemoryController.MEMSW_V1, -1), w(MemoryController.LIMIT_V1, -1)), plan);
    }

    @Test
    void v1WritesReservationSwappinessAndOomControl() {
        Memory m = new Memory(null, 64 * MIB, null, null, null, 10L, true, null, null);
        assertEquals(List.of(w("memory.soft_limit_in_bytes", 64 * MIB), w("memory.swappiness", 10),
                new CgroupWrite("memory", "memory.oom_control", "1")), memory.planV1(Resources.memory(m), v1(0)));
    }

    @Test
    void v2SwapIsTheSwapPartOnly() {
        CgroupFiles dir = Fixture.dir(tmp.resolve("v2"), Map.of("memory.max", "max", "memory.swap.max", "max"));
        assertEquals(List.of(new CgroupWrite("memory", "memory.swap.max", Long.toString(256 * MIB)),
                        new CgroupWrite("memory", "memory.max", Long.toString(256 * MIB)),
                        new CgroupWrite("memory", "memory.low", "max")),
                memory.planV2(Resources.memory(256 * MIB, -1L, 512 * MIB), dir));
    }

    @Test
    void v2UnlimitedIsMax() {
        CgroupFiles dir = Fixture.dir(tmp.resolve("v2"), Map.of("memory.max", "1", "memory.swap.max", "0"));
        assertEquals(List.of(new CgroupWrite("memory", "memory.swap.max", "max"),
                new CgroupWrite("memory", "memory.max", "max")), memory.planV2(Resources.memory(-1L, null, null), dir));
    }

    @Test
    void impossibleValuesAreClearErrors() {
        CgroupFiles dir = v1(0);
        assertMessage("below memory.limit", () -> memory.planV1(Resources.memory(512 * MIB, null, 256 * MIB), dir));
        assertMessage("-1 (unlimited) or positive", () -> memory.planV1(Resources.memory(-5L, null, null), dir));
        assertMessage("needs a memory.limit", () -> MemoryController.swapV2(
                new Memory(null, null, 5 * MIB, null, null, null, null, null, null)));
        assertMessage("swappiness", () -> memory.planV1(Resources.memory(
                new Memory(null, null, null, null, null, 101L, null, null, null)), dir));
    }

    @Test
    void swapWithoutSwapAccountingIsAClearError() {
        CgroupFiles noSwap = Fixture.dir(tmp.resolve("noswap"), Map.of(MemoryController.LIMIT_V1, "0"));
        assertMessage("no swap accounting", () -> memory.planV1(Resources.memory(MIB, null, 2 * MIB), noSwap));
        assertMessage("no swap accounting", () -> memory.planV2(Resources.memory(MIB, null, 2 * MIB), noSwap));
    }

    @Test
    void v2RefusesALimitBelowUsageOnlyWhenAskedToCheck() {
        CgroupFiles dir = Fixture.dir(tmp.resolve("v2"), Map.of("memory.max", "max", "memory.current", "8388608"));
        Memory check = new Memory(4 * MIB, null, null, null, null, null, null, null, true);
        assertMessage("below the current usage 8388608", () -> memory.planV2(Resources.memory(check), dir));
        Memory noCheck = new Memory(4 * MIB, null, null, null, null, null, null, null, null);
        assertEquals(List.of(new CgroupWrite("memory", "memory.max", Long.toString(4 * MIB))),
                memory.planV2(Resources.memory(noCheck), dir));
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        CgroupException e = assertThrows(CgroupException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static CgroupWrite w(String file, long value) {
        return new CgroupWrite("memory", file, Long.toString(value));
    }
}
