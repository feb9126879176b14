package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MountInfoTest {
    @Test
    void parsesALineWithOptionalFieldsAndEscapes() {
        MountInfo m = MountInfo.parseLine("36 35 7:3 / /mnt/my\\040vol rw,relatime shared:1 master:2 - ext4"
                + " /dev/loop3 rw,errors=remount-ro");
        assertEquals(new MountInfo(36, 35, 7, 3, "/", "/mnt/my vol", "rw,relatime", "ext4", "/dev/loop3",
                "rw,errors=remount-ro"), m);
    }

    @Test
    void parsesALineWithoutOptionalFields() {
        MountInfo m = MountInfo.parseLine("22 1 0:21 / /proc rw,nosuid - proc proc rw");
        assertEquals("proc", m.fsType());
        assertEquals("/proc", m.mountPoint());
    }

    @Test
    void unescapesBackslashAndLeavesOtherBackslashesAlone() {
        assertEquals("a\\b c\td\ne", MountInfo.unescape("a\\134b\\040c\\011d\\012e"));
        assertEquals("\\x", MountInfo.unescape("\\x"));
    }

    @Test
    void refusesGarbageClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MountInfo.parseLine("x y"));
        assertEquals("not a mountinfo line: x y", e.getMessage());
    }

    @Test
    void readsTheRunningSystemsTable() {
        assertTrue(MountInfo.readSelf().stream().anyMatch(m -> m.mountPoint().equals("/proc")));
    }
}
