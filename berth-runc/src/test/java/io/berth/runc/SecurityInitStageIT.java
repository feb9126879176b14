package io.berth.runc;

import org.junit.jupiter.api.BeforeEach;

/** {@link SecurityIT} again, with the init stage process where Berth would spawn directly. */
class SecurityInitStageIT extends SecurityIT {
    @BeforeEach
    void forceInitStage() {
        fx.env.put("BERTH_INIT_STAGE", "always");
    }
}
