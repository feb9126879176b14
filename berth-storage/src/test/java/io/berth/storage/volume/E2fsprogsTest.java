package io.berth.storage.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class E2fsprogsTest {
    @Test
    void findsToolsInSbinEvenWhenPathLacksIt() {
        assertTrue(E2fsprogs.locate("mkfs.ext4").toString().endsWith("/mkfs.ext4"));
    }

    @Test
    void aMissingToolNamesThePackageToInstall() {
        DiskImageException e = assertThrows(DiskImageException.class, () -> E2fsprogs.locate("mkfs.berthfs"));
        assertTrue(e.getMessage().startsWith("mkfs.berthfs was not found in PATH or /usr/sbin, /sbin, /usr/local/sbin"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("install the e2fsprogs package)"), e.getMessage());
    }

    @Test
    void aFailingToolSaysHowItFailed() {
        DiskImageException e = assertThrows(DiskImageException.class,
                () -> E2fsprogs.resize("/no/such/berth/device"));
        assertTrue(e.getMessage().contains("resize2fs /no/such/berth/device failed with exit status 1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        assertEquals(DiskImageException.class, e.getClass());
    }
}
