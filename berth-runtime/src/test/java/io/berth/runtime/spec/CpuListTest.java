package io.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpuListTest {
    @Test
    void singlesAndRanges() {
        assertEquals("{0, 1, 2, 3, 8, 10, 11}", CpuList.parse("0-3,8,10-11").toString());
        assertEquals("{5}", CpuList.parse(" 5 ").toString());
    }

    @Test
    void nonsenseSaysWhatIsWrong() {
        assertEquals("\"x\" is not a CPU number in CPU list \"1,x\"",
                assertThrows(IllegalArgumentException.class, () -> CpuList.parse("1,x")).getMessage());
        assertEquals("empty item in CPU list \"1,,2\"",
                assertThrows(IllegalArgumentException.class, () -> CpuList.parse("1,,2")).getMessage());
        assertEquals("CPU 99999 is out of range in CPU list \"99999\"",
                assertThrows(IllegalArgumentException.class, () -> CpuList.parse("99999")).getMessage());
    }
}
