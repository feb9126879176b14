package io.berth.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.image.content.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
    @Test
    void chainIdsFollowTheImageSpecDefinition() {
        Digest a = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
        Digest b = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));
        Digest c = Digest.sha256("c".getBytes(StandardCharsets.UTF_8));
        List<Digest> chain = ChainIds.of(List.of(a, b, c));
        assertEquals(a, chain.get(0));
        Digest ab = Digest.sha256((a + " " + b).getBytes(StandardCharsets.UTF_8));
        assertEquals(ab, chain.get(1));
        assertEquals(Digest.sha256((ab + " " + c).getBytes(StandardCharsets.UTF_8)), chain.get(2));
    }
}
