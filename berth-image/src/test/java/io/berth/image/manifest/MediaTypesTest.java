package io.berth.image.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            application/vnd.oci.image.layer.v1.tar,                                   NONE
            application/vnd.oci.image.layer.v1.tar+gzip,                              GZIP
            application/vnd.oci.image.layer.v1.tar+zstd,                              ZSTD
            application/vnd.oci.image.layer.nondistributable.v1.tar,                  NONE
            application/vnd.oci.image.layer.nondistributable.v1.tar+gzip,             GZIP
            application/vnd.oci.image.layer.nondistributable.v1.tar+zstd,             ZSTD
            application/vnd.docker.image.rootfs.diff.tar,                             NONE
            application/vnd.docker.image.rootfs.diff.tar.gzip,                        GZIP
            application/vnd.docker.image.rootfs.diff.tar.zstd,                        ZSTD
            application/vnd.docker.image.rootfs.foreign.diff.tar.gzip,                GZIP
            application/vnd.docker.image.rootfs.foreign.diff.tar,                     NONE
            """)
    void layersSayHowTheyAreCompressed(String mediaType, LayerCompression compression) {
        assertTrue(MediaTypes.isLayer(mediaType));
        assertEquals(compression, MediaTypes.compressionOf(mediaType));
        assertFalse(MediaTypes.isManifest(mediaType));
        assertFalse(MediaTypes.isIndex(mediaType));
    }

    @Test
    void whatIsNotALayerIsRefusedByName() {
        for (String notLayer : new String[] {MediaTypes.OCI_CONFIG, MediaTypes.OCI_MANIFEST, "application/vnd.in-toto+json",
                "application/vnd.oci.image.layer.v1.tar+bzip2", "application/octet-stream"}) {
            assertFalse(MediaTypes.isLayer(notLayer), notLayer);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MediaTypes.compressionOf(notLayer));
            assertTrue(e.getMessage().contains("\"" + notLayer + "\" is not a layer media type"), e.getMessage());
        }
        assertFalse(MediaTypes.isLayer(null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MediaTypes.compressionOf(null)).getMessage()
                .startsWith("\"null\" is not a layer media type"));
    }

    @Test
    void manifestsAndIndexesAreTold() {
        assertTrue(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST));
        assertTrue(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST));
        assertTrue(MediaTypes.isIndex(MediaTypes.OCI_INDEX));
        assertTrue(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST));
        assertFalse(MediaTypes.isManifest(MediaTypes.OCI_INDEX));
        assertFalse(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST));
        assertFalse(MediaTypes.isManifest(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST));
        assertFalse(MediaTypes.isManifest(null));
        assertTrue(MediaTypes.isSchema1(MediaTypes.DOCKER_SCHEMA1_MANIFEST));
        assertTrue(MediaTypes.isSchema1(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST));
        assertTrue(MediaTypes.isImageConfig(MediaTypes.OCI_CONFIG));
        assertTrue(MediaTypes.isImageConfig(MediaTypes.DOCKER_CONFIG));
        assertFalse(MediaTypes.isImageConfig("application/vnd.cncf.helm.config.v1+json"));
    }

    @Test
    void contentTypeParametersAndCaseDoNotMatter() {
        assertTrue(MediaTypes.isIndex("application/vnd.oci.image.index.v1+json; charset=utf-8"));
        assertTrue(MediaTypes.isManifest(" Application/VND.docker.distribution.manifest.v2+json "));
    }

    @Test
    void aPullAsksForIndexesFirst() {
        assertEquals(MediaTypes.OCI_INDEX, MediaTypes.PULLABLE_MANIFESTS.getFirst());
        assertEquals(4, MediaTypes.PULLABLE_MANIFESTS.size());
    }
}
