package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.testing.RequiresRoot;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base for tests that run one probe command in a container and look at what it printed. */
@RequiresRoot
abstract class ContainerTest {
    RuncFixture fx;

    @BeforeEach
    void setUpFixture() throws Exception {
        fx = new RuncFixture();
    }

    @AfterEach
    void tearDownFixture() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    /** Runs `sh -c script` with the edits applied; asserts exit 0 and returns stdout. */
    String probe(String script, Consumer<ObjectNode> edit) throws Exception {
        var bundle = fx.bundle(c -> {
            edit.accept(c);
            RuncFixture.args(c, "sh", "-c", script);
        });
        var r = fx.run("run", "--bundle", bundle.toString(), fx.id());
        assertEquals(0, r.code(), r.toString());
        return r.out();
    }

    String probe(String script) throws Exception {
        return probe(script, c -> {});
    }

    RuncFixture.Result runFailing(Consumer<ObjectNode> edit) throws Exception {
        var bundle = fx.bundle(c -> {
            RuncFixture.args(c, "true");
            edit.accept(c);
        });
        return fx.run("run", "--bundle", bundle.toString(), fx.id());
    }
}
