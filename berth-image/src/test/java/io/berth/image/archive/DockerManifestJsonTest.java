package io.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DockerManifestJsonTest {

    private static List<DockerManifestItem> parse(String json) throws ArchiveException {
        return DockerManifestJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String json) {
        return assertThrows(ArchiveException.class, () -> parse(json)).getMessage();
    }

    @Test
    void readsWhatDockerSaveWrites() throws ArchiveException {
        // docker 20.10's manifest.json, Parent and LayerSources ignored
        List<DockerManifestItem> items = parse("""
                [{"Config":"61f5.json","RepoTags":["foo/bar:v1","other/name:t2"],
                  "Layers":["b861/layer.tar"],"Parent":"sha256:00","LayerSources":{}},
                 {"Config":"blobs/sha256/aa","RepoTags":null,"Layers":[]}]""");
        assertEquals(new DockerManifestItem("61f5.json", List.of("foo/bar:v1", "other/name:t2"), List.of("b861/layer.tar")),
                items.get(0));
        assertEquals(new DockerManifestItem("blobs/sha256/aa", List.of(), List.of()), items.get(1));
    }

    @Test
    void malformedManifestsAreErrorsNamingTheField() {
        assertTrue(error("{").startsWith("manifest.json: malformed JSON"), error("{"));
        assertEquals("manifest.json: want a JSON array of images", error("{}"));
        assertEquals("manifest.json lists no images", error("[]"));
        assertEquals("manifest.json[0] Config: want the name of the image config in the archive",
                error("[{\"Layers\":[]}]"));
        assertEquals("manifest.json[0] Layers[1]: want a string", error("[{\"Config\":\"c\",\"Layers\":[\"a\",1]}]"));
        assertEquals("manifest.json[1]: want an object", error("[{\"Config\":\"c\"},[]]"));
    }

    @Test
    void writesAsDockerDoesAndReadsBack() throws ArchiveException {
        List<DockerManifestItem> items = List.of(
                new DockerManifestItem("blobs/sha256/cc", List.of("busybox:latest"), List.of("blobs/sha256/l1")),
                new DockerManifestItem("blobs/sha256/dd", List.of(), List.of()));
        byte[] json = DockerManifestJson.write(items);
        assertEquals("""
                [{"Config":"blobs/sha256/cc","RepoTags":["busybox:latest"],"Layers":["blobs/sha256/l1"]},\
                {"Config":"blobs/sha256/dd","RepoTags":null,"Layers":[]}]
                """, new String(json, StandardCharsets.UTF_8));
        assertEquals(items, DockerManifestJson.parse(json));
        Map<String, Map<String, String>> repositories = new TreeMap<>(Map.of("busybox", Map.of("latest", "l1")));
        assertEquals("{\"busybox\":{\"latest\":\"l1\"}}\n",
                new String(DockerManifestJson.writeRepositories(repositories), StandardCharsets.UTF_8));
    }
}
