package io.berth.runc;

import org.junit.jupiter.api.BeforeEach;

/** {@link NamespacesIT} again, with the init stage process where Berth would spawn directly. */
class NamespacesInitStageIT extends NamespacesIT {
    @BeforeEach
    void forceInitStage() {
        fx.env.put("BERTH_INIT_STAGE", "always");
    }
}
