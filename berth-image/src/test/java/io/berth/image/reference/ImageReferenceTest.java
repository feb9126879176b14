package io.berth.image.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.content.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases from Docker's own behaviour (distribution/reference normalize_test.go and the docker CLI). */
class ImageReferenceTest {
    private static final String HEX = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # input                            | toString                                    | familiarString                | domain          | path                 | tag
            busybox                            | docker.io/library/busybox:latest            | busybox:latest                | docker.io       | library/busybox      | latest
            busybox:1.36                       | docker.io/library/busybox:1.36              | busybox:1.36                  | docker.io       | library/busybox      | 1.36
            library/busybox                    | docker.io/library/busybox:latest            | busybox:latest                | docker.io       | library/busybox      | latest
            user/app                           | docker.io/user/app:latest                   | user/app:latest               | docker.io       | user/app             | latest
            user/app:1                         | docker.io/user/app:1                        | user/app:1                    | docker.io       | user/app             | 1
            docker.io/busybox                  | docker.io/library/busybox:latest            | busybox:latest                | docker.io       | library/busybox      | latest
            docker.io/library/busybox:latest   | docker.io/library/busybox:latest            | busybox:latest                | docker.io       | library/busybox      | latest
            index.docker.io/busybox            | docker.io/library/busybox:latest            | busybox:latest                | docker.io       | library/busybox      | latest
            index.docker.io/library/debian     | docker.io/library/debian:latest             | debian:latest                 | docker.io       | library/debian       | latest
            index.docker.io/docker/docker      | docker.io/docker/docker:latest              | docker/docker:latest          | docker.io       | docker/docker        | latest
            docker.io/library/foo/bar          | docker.io/library/foo/bar:latest            | library/foo/bar:latest        | docker.io       | library/foo/bar      | latest
            store/foo/bar                      | docker.io/store/foo/bar:latest              | store/foo/bar:latest          | docker.io       | store/foo/bar        | latest
            localhost/x                        | localhost/x:latest                          | localhost/x:latest            | localhost       | x                    | latest
            localhost:5000/a/b:1.0             | localhost:5000/a/b:1.0                      | localhost:5000/a/b:1.0        | localhost:5000  | a/b                  | 1.0
            localhost:5000                     | docker.io/library/localhost:5000            | localhost:5000                | docker.io       | library/localhost    | 5000
            127.0.0.1:5000/x                   | 127.0.0.1:5000/x:latest                     | 127.0.0.1:5000/x:latest       | 127.0.0.1:5000  | x                    | latest
            192.168.0.1                        | docker.io/library/192.168.0.1:latest        | 192.168.0.1:latest            | docker.io       | library/192.168.0.1  | latest
            192.168.0.1:80                     | docker.io/library/192.168.0.1:80            | 192.168.0.1:80                | docker.io       | library/192.168.0.1  | 80
            [::1]:5000/x                       | [::1]:5000/x:latest                         | [::1]:5000/x:latest           | [::1]:5000      | x                    | latest
            [fc00:1:2:3:4:5:6:7]:5000/a/b      | [fc00:1:2:3:4:5:6:7]:5000/a/b:latest        | [fc00:1:2:3:4:5:6:7]:5000/a/b:latest | [fc00:1:2:3:4:5:6:7]:5000 | a/b  | latest
            registry.example/x                 | registry.example/x:latest                   | registry.example/x:latest     | registry.example| x                    | latest
            registry.example:8443/team/app:v2  | registry.example:8443/team/app:v2           | registry.example:8443/team/app:v2 | registry.example:8443 | team/app | v2
            xn--n3h.com:18080/foo              | xn--n3h.com:18080/foo:latest                | xn--n3h.com:18080/foo:latest  | xn--n3h.com:18080 | foo                | latest
            test-com:8080/foo                  | test-com:8080/foo:latest                    | test-com:8080/foo:latest      | test-com:8080   | foo                  | latest
            test_com/foo                       | docker.io/test_com/foo:latest               | test_com/foo:latest           | docker.io       | test_com/foo         | latest
            Foo/bar                            | Foo/bar:latest                              | Foo/bar:latest                | Foo             | bar                  | latest
            DOCKER/docker                      | DOCKER/docker:latest                        | DOCKER/docker:latest          | DOCKER          | docker               | latest
            docker---rules/docker              | docker.io/docker---rules/docker:latest      | docker---rules/docker:latest  | docker.io       | docker---rules/docker| latest
            dock__er/docker                    | docker.io/dock__er/docker:latest            | dock__er/docker:latest        | docker.io       | dock__er/docker      | latest
            d/docker                           | docker.io/d/docker:latest                   | d/docker:latest               | docker.io       | d/docker             | latest
            busybox:_under.Score-1             | docker.io/library/busybox:_under.Score-1    | busybox:_under.Score-1        | docker.io       | library/busybox      | _under.Score-1
            """)
    void parsesAsDockerDoes(String input, String full, String familiar, String domain, String path, String tag) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(full, ref.toString());
        assertEquals(familiar, ref.familiarString());
        assertEquals(domain, ref.domain());
        assertEquals(path, ref.path());
        assertEquals(tag, ref.tag());
        assertNull(ref.digest());
        assertEquals(ref, ImageReference.parse(ref.toString()), "the full form parses back to the same reference");
        assertEquals(ref, ImageReference.parse(ref.familiarString()), "so does the familiar form");
    }

    @Test
    void aDigestAloneGetsNoDefaultTag() {
        ImageReference ref = ImageReference.parse("busybox@sha256:" + HEX);
        assertNull(ref.tag());
        assertEquals(Digest.parse("sha256:" + HEX), ref.digest());
        assertEquals("docker.io/library/busybox@sha256:" + HEX, ref.toString());
        assertEquals("busybox@sha256:" + HEX, ref.familiarString());
    }

    @Test
    void aTagAndADigestAreBothKept() {
        ImageReference ref = ImageReference.parse("localhost:5000/app:1.0@sha256:" + HEX);
        assertEquals("1.0", ref.tag());
        assertEquals("sha256:" + HEX, ref.digest().toString());
        assertEquals("localhost:5000/app:1.0@sha256:" + HEX, ref.toString());
        assertEquals("busybox:latest@sha256:" + HEX, ImageReference.parse("busybox:latest@sha256:" + HEX).familiarString());
    }

    @Test
    void aSha512DigestIsAccepted() {
        String hex512 = "a".repeat(128);
        assertEquals("sha512:" + hex512, ImageReference.parse("x/y@sha512:" + hex512).digest().toString());
    }

    @Test
    void theRepositoryNamesDomainAndPath() {
        ImageReference ref = ImageReference.parse("busybox:1");
        assertEquals("docker.io/library/busybox", ref.repository());
        assertEquals("busybox", ref.familiarName());
        assertEquals("localhost:5000/a/b", ImageReference.parse("localhost:5000/a/b:1.0").familiarName());
        assertEquals("user/app", ImageReference.parse("user/app").familiarName());
    }

    @Test
    void dockerHubIsReachedThroughItsRegistryHost() {
        assertEquals("registry-1.docker.io", ImageReference.parse("busybox").registryHost());
        assertEquals("localhost:5000", ImageReference.parse("localhost:5000/x").registryHost());
        assertEquals("[::1]:5000", ImageReference.parse("[::1]:5000/x").registryHost());
    }

    @Test
    void withTagKeepsTheDigestAndWithDigestKeepsTheTag() {
        Digest digest = Digest.parse("sha256:" + HEX);
        ImageReference busybox = ImageReference.parse("busybox");
        assertEquals("docker.io/library/busybox:1.36", busybox.withTag("1.36").toString());
        assertEquals("docker.io/library/busybox:latest@sha256:" + HEX, busybox.withDigest(digest).toString());
        assertEquals("docker.io/library/busybox:2@sha256:" + HEX, busybox.withDigest(digest).withTag("2").toString());
        InvalidReferenceException bad = assertThrows(InvalidReferenceException.class, () -> busybox.withTag("-x"));
        assertTrue(bad.getMessage().contains("tag (-x)"), bad.getMessage());
    }

    @Test
    void lowerCaseIsRequiredInDockersWords() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("Busybox"));
        assertEquals("invalid reference format: repository name (library/Busybox) must be lowercase", e.getMessage());
        assertEquals("Busybox", e.reference());
        assertEquals("invalid reference format: repository name (docker/Docker) must be lowercase",
                assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("docker/Docker")).getMessage());
        assertEquals("invalid reference format: repository name (docker/Docker) must be lowercase",
                assertThrows(InvalidReferenceException.class,
                        () -> ImageReference.parse("docker.io/docker/Docker:Tag")).getMessage());
    }

    @Test
    void anImageIdIsNotAName() {
        String id = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
        assertEquals("invalid repository name (" + id + "), cannot specify 64-byte hexadecimal strings",
                assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(id)).getMessage());
        assertEquals("docker.io/library/" + id + ":latest", ImageReference.parse("docker.io/" + id).toString(),
                "with a domain it is unambiguous, so Docker accepts it");
        assertEquals("docker.io/library/dbcc1:latest", ImageReference.parse("dbcc1").toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                  | the message names
            https://github.com/docker/docker         | registry (https:)
            -docker                                  | repository name component (-docker)
            -docker/docker                           | repository name component (-docker)
            docker-/docker                           | repository name component (docker-)
            -docker.io/docker/docker                 | registry (-docker.io)
            docker///docker                          | repository name (docker///docker) has an empty path component
            docker.io/docker///docker                | repository name (docker///docker) has an empty path component
            docker/                                  | repository name (docker/) has an empty path component
            ____/____                                | repository name component (____)
            _docker/_docker                          | repository name component (_docker)
            dock..er/docker                          | registry (dock..er)
            dock_.er/docker                          | registry (dock_.er)
            dock-.er/docker                          | registry (dock-.er)
            [fc00::1]                                | repository name component ([fc00:)
            [fc00::1]:5000                           | repository name component ([fc00::1])
            fc00::1:5000/debian                      | registry (fc00::1:5000)
            [fe80::1%eth0]:5000/debian               | registry ([fe80::1%eth0]:5000)
            [2001:db8:3:4::192.0.2.33]:5000/debian   | registry ([2001:db8:3:4::192.0.2.33]:5000)
            localhost:port/x                         | registry (localhost:port)
            busybox:                                 | tag ()
            busybox:-latest                          | tag (-latest)
            busybox:.x                               | tag (.x)
            busybox:a/b                              | registry (busybox:a)
            busybox:tag!                             | tag (tag!)
            busybox@                                 | digest ()
            busybox@sha256:abc                       | digest (sha256:abc)
            busybox@md5:d41d8cd98f00b204e9800998ecf8427e | unsupported digest algorithm
            busybox@sha256:7CC4B5AEFD1D0CADF8D97D4350462BA51C694EBCA145B08D7D41B41ACC8DB5AA | lower-case hex
            busybox:1@2@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa | digest (2@sha256:
            a b                                      | repository name component (a b)
            """)
    void refusesWhatDockerRefuses(String input, String named) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().startsWith("invalid reference format: "), e.getMessage());
        assertTrue(e.getMessage().contains(named), () -> "want \"" + named + "\" in: " + e.getMessage());
        assertTrue(e.getMessage().endsWith(" in \"" + input + "\""), e.getMessage());
        assertEquals(input, e.reference());
    }

    @Test
    void aTagHasAtMost128Characters() {
        assertEquals("a".repeat(128), ImageReference.parse("busybox:" + "a".repeat(128)).tag());
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class,
                () -> ImageReference.parse("busybox:" + "a".repeat(129)));
        assertTrue(e.getMessage().contains("must be 1 to 128"), e.getMessage());
    }

    @Test
    void theRepositoryPathHasAtMost255Characters() {
        String name255 = "a/" + "b".repeat(253);
        assertEquals(name255, ImageReference.parse("localhost:5000/" + name255).path());
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class,
                () -> ImageReference.parse("localhost:5000/" + name255 + "c"));
        assertTrue(e.getMessage().contains("must not be more than 255 characters"), e.getMessage());
        String dockersLongNamespace = String.join("_",
                java.util.Collections.nCopies(4, "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255"));
        assertTrue(assertThrows(InvalidReferenceException.class,
                () -> ImageReference.parse(dockersLongNamespace + "/docker")).getMessage().contains("255 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void emptyTextIsRefused(String text) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(text));
        assertTrue(e.getMessage().startsWith("invalid reference format"), e.getMessage());
    }

    @Test
    void nullIsRefusedClearly() {
        assertEquals("invalid reference format: repository name must have at least one component",
                assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(null)).getMessage());
    }

    @Test
    void theConstructorChecksItsParts() {
        assertEquals("docker.io/library/x:1", new ImageReference("docker.io", "library/x", "1", null).toString());
        assertEquals(ImageReference.parse("x:1"), new ImageReference("index.docker.io", "x", "1", null),
                "normalised as parse normalises, so equal references are equal records");
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("docker.io", "library/x", null, null));
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("bad host", "x", "1", null));
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("docker.io", "X", "1", null));
        assertThrows(InvalidReferenceException.class, () -> new ImageReference(null, "x", "1", null));
        assertTrue(new InvalidReferenceException("x", "m") instanceof IllegalArgumentException);
    }
}
