package io.berth.runc;

import org.junit.jupiter.api.BeforeEach;

/** {@link ExecIT} again, with the exec stage process where Berth would spawn directly. */
class ExecStageIT extends ExecIT {
    @BeforeEach
    void forceExecStage() {
        fx.env.put("BERTH_INIT_STAGE", "always");
    }
}
