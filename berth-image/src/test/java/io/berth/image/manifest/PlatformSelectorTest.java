package io.berth.image.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.content.Digest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformSelectorTest {
    private static final ImageIndex BUSYBOX =
            (ImageIndex) ManifestCodec.parse(Fixtures.bytes("oci-index-with-attestations.json"), null);
    private static final ImageIndex DOCKER_LIST =
            (ImageIndex) ManifestCodec.parse(Fixtures.bytes("docker-manifest-list.json"), null);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            linux/amd64,     linux/amd64
            linux/x86_64,    linux/amd64
            linux/amd64/v3,  linux/amd64
            linux/arm64,     linux/arm64/v8
            linux/aarch64,   linux/arm64/v8
            linux/arm64/v8,  linux/arm64/v8
            linux/arm64/v9,  linux/arm64/v8
            linux/arm/v7,    linux/arm/v7
            linux/arm,       linux/arm/v7
            linux/arm/v6,    linux/arm/v5
            linux/arm/v8,    linux/arm/v7
            linux/386,       linux/386
            linux/ppc64le,   linux/ppc64le
            """)
    void picksTheBestEntryAContainerdWouldPick(String wanted, String picked) {
        Descriptor entry = new PlatformSelector(Platform.parse(wanted)).select(BUSYBOX);
        assertEquals(picked, entry.platform().toString());
        assertEquals(MediaTypes.OCI_MANIFEST, entry.mediaType());
    }

    @Test
    void anExactMatchBeatsAnEarlierFallback() {
        Descriptor i386 = entry("386", null, "386");
        Descriptor amd64 = entry("amd64", null, "amd64");
        ImageIndex index = ImageIndex.oci(List.of(i386, amd64));
        assertEquals(amd64, new PlatformSelector(Platform.parse("linux/amd64")).select(index));
        assertEquals(i386, new PlatformSelector(Platform.parse("linux/amd64"))
                .select(ImageIndex.oci(List.of(i386))), "amd64 runs 386 images when nothing better is there");
    }

    @Test
    void theFirstOfEquallyGoodEntriesWins() {
        Descriptor first = entry("arm64", null, "first");
        Descriptor second = entry("arm64", "v8", "second");
        assertEquals(first, new PlatformSelector(Platform.parse("linux/arm64/v8"))
                .select(ImageIndex.oci(List.of(first, second))));
    }

    @Test
    void arm64FallsBackToOlderArm64VariantsThenToArm() {
        PlatformSelector v9 = new PlatformSelector(Platform.parse("linux/arm64/v9.2"));
        assertEquals(List.of("linux/arm64/v9.2", "linux/arm64/v9.1", "linux/arm64/v9", "linux/arm64/v8.7",
                        "linux/arm64/v8.6", "linux/arm64/v8.5", "linux/arm64/v8.4", "linux/arm64/v8.3",
                        "linux/arm64/v8.2", "linux/arm64/v8.1", "linux/arm64/v8",
                        "linux/arm/v8", "linux/arm/v7", "linux/arm/v6", "linux/arm/v5"),
                v9.acceptable().stream().map(Platform::toString).toList());
        assertEquals(List.of("linux/amd64/v3", "linux/amd64/v2", "linux/amd64", "linux/386"),
                new PlatformSelector(Platform.parse("linux/amd64/v3")).acceptable().stream().map(Platform::toString).toList());
        assertEquals(List.of("linux/s390x"),
                new PlatformSelector(Platform.parse("linux/s390x")).acceptable().stream().map(Platform::toString).toList());
    }

    @Test
    void attestationsAndEntriesWithoutAPlatformAreNeverPicked() {
        Descriptor attestation = entry("unknown", null, "att").withPlatform(new Platform("unknown", "unknown", null, null, null));
        Descriptor annotated = entry("amd64", null, "annotated")
                .withAnnotations(Map.of("vnd.docker.reference.type", "attestation-manifest"));
        Descriptor noPlatform = Descriptor.of(MediaTypes.OCI_MANIFEST, digest("none"), 10);
        Descriptor nestedIndex = Descriptor.of(MediaTypes.OCI_INDEX, digest("nested"), 10)
                .withPlatform(Platform.of("linux", "amd64"));
        ImageIndex index = ImageIndex.oci(List.of(attestation, annotated, noPlatform, nestedIndex));
        NoMatchingPlatformException e = assertThrows(NoMatchingPlatformException.class,
                () -> new PlatformSelector(Platform.parse("linux/amd64")).select(index));
        assertEquals("no manifest for platform linux/amd64 in the index (available: none)", e.getMessage());
        assertFalse(PlatformSelector.isImageEntry(attestation));
        assertFalse(PlatformSelector.isImageEntry(annotated));
        assertFalse(PlatformSelector.isImageEntry(noPlatform));
        assertTrue(PlatformSelector.isImageEntry(BUSYBOX.manifests().getFirst()));
    }

    @Test
    void noMatchListsTheAvailablePlatforms() {
        NoMatchingPlatformException e = assertThrows(NoMatchingPlatformException.class,
                () -> new PlatformSelector(Platform.parse("linux/s390x")).select(BUSYBOX));
        assertEquals("no manifest for platform linux/s390x in the index (available: linux/amd64, linux/arm/v5,"
                + " linux/arm/v7, linux/arm64/v8, linux/386, linux/ppc64le)", e.getMessage());
        assertEquals(Platform.parse("linux/s390x"), e.wanted());
        assertEquals(6, e.available().size());
    }

    @Test
    void aDockerManifestListWorksTheSame() {
        assertEquals("linux/s390x",
                new PlatformSelector(Platform.parse("linux/s390x")).select(DOCKER_LIST).platform().toString());
        assertEquals("linux/arm/v6",
                new PlatformSelector(Platform.parse("linux/arm/v7")).select(DOCKER_LIST).platform().toString());
        Descriptor windows = new PlatformSelector(Platform.parse("windows/amd64")).select(DOCKER_LIST);
        assertEquals("10.0.17763.6293", windows.platform().osVersion());
        assertEquals(MediaTypes.DOCKER_MANIFEST, windows.mediaType());
        assertThrows(NoMatchingPlatformException.class,
                () -> new PlatformSelector(Platform.parse("linux/arm/v5")).select(DOCKER_LIST));
    }

    @Test
    void acceptsSaysWhatAMachineCanRun() {
        PlatformSelector arm64 = new PlatformSelector(Platform.parse("linux/arm64"));
        assertTrue(arm64.accepts(Platform.of("linux", "aarch64")));
        assertTrue(arm64.accepts(Platform.of("linux", "arm", "v7")));
        assertFalse(arm64.accepts(Platform.of("linux", "amd64")));
        assertFalse(arm64.accepts(Platform.of("darwin", "arm64")));
    }

    private static Descriptor entry(String architecture, String variant, String seed) {
        return Descriptor.of(MediaTypes.OCI_MANIFEST, digest(seed), 500).withPlatform(Platform.of("linux", architecture, variant));
    }

    private static Digest digest(String seed) {
        return Digest.sha256(seed.getBytes());
    }
}
