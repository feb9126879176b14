package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayoutNamesTest {
    private static Optional<String> name(Map<String, String> annotations) {
        return LayoutNames.of(annotations).map(Object::toString);
    }

    @Test
    void containerdsFullNameWinsOverTheBareTagDockerAndBuildkitPutInRefName() {
        assertEquals(Optional.of("docker.io/library/busybox:latest"), name(Map.of(
                LayoutNames.CONTAINERD_NAME, "docker.io/library/busybox:latest", LayoutNames.REF_NAME, "latest")));
    }

    @Test
    void aRefNameWithATagOrPathIsANameAsSkopeoWritesIt() {
        assertEquals(Optional.of("docker.io/foo/bar:v1"), name(Map.of(LayoutNames.REF_NAME, "foo/bar:v1")));
        assertEquals(Optional.of("docker.io/library/busybox:1.36"), name(Map.of(LayoutNames.REF_NAME, "busybox:1.36")));
        assertEquals(Optional.of("localhost:5000/app:latest"), name(Map.of(LayoutNames.REF_NAME, "localhost:5000/app")));
    }

    @Test
    void aBareWordIsATagAloneAndNamesNothing() {
        assertEquals(Optional.empty(), name(Map.of(LayoutNames.REF_NAME, "latest")));
        assertEquals(Optional.empty(), name(Map.of()));
    }

    @Test
    void namesThatAreNotReferencesOrCarryDigestsNameNothing() {
        assertEquals(Optional.empty(), name(Map.of(LayoutNames.REF_NAME, "Not A/Name:!")));
        assertEquals(Optional.empty(), name(Map.of(LayoutNames.REF_NAME, "busybox@sha256:" + "a".repeat(64))));
        assertEquals(Optional.of("docker.io/library/busybox:1"), name(Map.of(LayoutNames.CONTAINERD_NAME, "Bad Name",
                LayoutNames.REF_NAME, "busybox:1")));
    }
}
