package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.testing.FreshThread;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Scheduling attributes set on a thread of our own and read back; nothing needs root. */
class ThreadSchedulingTest {
    @Test
    void ioPriorityIsSetAndReadBack() throws Exception {
        IoPriority read = FreshThread.call(() -> {
            new IoPriority(IoPriority.CLASS_BE, 6).applyTo(0);
            return IoPriority.of(0);
        });
        assertEquals(new IoPriority(IoPriority.CLASS_BE, 6), read);
    }

    @Test
    void anImpossibleIoPriorityNamesTheCall() throws Exception {
        SyscallException e = FreshThread.call(() -> assertThrows(SyscallException.class,
                () -> new IoPriority(7, 0).applyTo(0)));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(true, e.getMessage().startsWith("ioprio_set"), e.getMessage());
    }

    @Test
    void schedulingPolicyIsSetAndReadBack() throws Exception {
        SchedulingPolicy read = FreshThread.call(() -> {
            new SchedulingPolicy(SchedulingPolicy.SCHED_BATCH, 0, 7, 0, 0, 0, 0).applyTo(0);
            return SchedulingPolicy.of(0);
        });
        assertEquals(SchedulingPolicy.SCHED_BATCH, read.policy());
        assertEquals(7, read.nice());
    }

    @Test
    void personalityIsSetAndReadBack() throws Exception {
        int read = FreshThread.call(() -> {
            Personality.set(Personality.PER_LINUX32 | Personality.FLAGS.get("ADDR_NO_RANDOMIZE"));
            return Personality.current();
        });
        assertEquals(0x0040008, read);
    }

    @Test
    void cpuAffinityIsSetAndReadBack() throws Exception {
        BitSet read = FreshThread.call(() -> {
            BitSet first = new BitSet();
            first.set(CpuAffinity.of(0).nextSetBit(0));
            CpuAffinity.set(0, first);
            return CpuAffinity.of(0);
        });
        assertEquals(1, read.cardinality());
    }
}
