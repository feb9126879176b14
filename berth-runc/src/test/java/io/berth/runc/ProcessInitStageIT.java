package io.berth.runc;

import org.junit.jupiter.api.BeforeEach;

/** {@link ProcessIT} again, with the init stage process where Berth would spawn directly. */
class ProcessInitStageIT extends ProcessIT {
    @BeforeEach
    void forceInitStage() {
        fx.env.put("BERTH_INIT_STAGE", "always");
    }
}
