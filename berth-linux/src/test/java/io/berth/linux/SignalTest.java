package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SignalTest {
    @Test
    void namesNumbersAndRealTimeSignals() {
        assertEquals(15, Signal.parse("TERM"));
        assertEquals(15, Signal.parse("SIGTERM"));
        assertEquals(9, Signal.parse("kill"));
        assertEquals(10, Signal.parse("10"));
        assertEquals(37, Signal.parse("RTMIN+3"));
        assertEquals(63, Signal.parse("SIGRTMAX-1"));
        assertEquals(6, Signal.parse("IOT"));
    }

    @Test
    void nonsenseIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signal.parse("SIGFOO"));
        assertEquals("invalid signal: SIGFOO", e.getMessage());
        assertEquals(0, Signal.parse("0"), "kill(2)'s existence check, which runc's kill takes too");
        assertThrows(IllegalArgumentException.class, () -> Signal.parse("65"));
        assertThrows(IllegalArgumentException.class, () -> Signal.parse("RTMIN+40"));
    }
}
