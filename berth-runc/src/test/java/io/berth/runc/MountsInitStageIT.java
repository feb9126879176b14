package io.berth.runc;

import org.junit.jupiter.api.BeforeEach;

/** {@link MountsIT} again, with the init stage process where Berth would spawn directly. */
class MountsInitStageIT extends MountsIT {
    @BeforeEach
    void forceInitStage() {
        fx.env.put("BERTH_INIT_STAGE", "always");
    }
}
