package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArchiveFormatTest {

    @Test
    void parsesTheNamesPodmanAndSkopeoUse() {
        assertEquals(ArchiveFormat.DOCKER_ARCHIVE, ArchiveFormat.parse("docker-archive"));
        assertEquals(ArchiveFormat.OCI_ARCHIVE, ArchiveFormat.parse(" OCI-Archive "));
        assertEquals(ArchiveFormat.OCI_LAYOUT, ArchiveFormat.parse("oci-dir"));
        assertFalse(ArchiveFormat.OCI_LAYOUT.isStream());
    }

    @Test
    void anUnknownFormatListsTheChoices() {
        assertEquals("unknown archive format \"tar.gz\" (want one of docker-archive, oci-archive, oci-dir)",
                assertThrows(IllegalArgumentException.class, () -> ArchiveFormat.parse("tar.gz")).getMessage());
    }
}
