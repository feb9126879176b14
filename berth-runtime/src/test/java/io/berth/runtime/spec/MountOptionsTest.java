package io.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Mounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
    @Test
    void flagsPropagationAndDataAreSeparated() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "noexec", "rbind", "rslave", "mode=755", "size=65536k", "ro"));
        assertEquals(Mounts.MS_NOSUID | Mounts.MS_NOEXEC | Mounts.MS_BIND | Mounts.MS_REC | Mounts.MS_RDONLY, o.flags());
        assertEquals(Mounts.MS_SLAVE | Mounts.MS_REC, o.propagation());
        assertEquals("mode=755,size=65536k", o.data());
        assertTrue(o.isBind() && o.recursive());
    }

    @Test
    void aLaterOptionUndoesAnEarlierOne() {
        MountOptions o = MountOptions.parse(List.of("ro", "rw", "nodev", "dev"));
        assertEquals(0, o.flags());
        assertEquals(Mounts.MS_RDONLY | Mounts.MS_NODEV, o.clearFlags());
    }
}
