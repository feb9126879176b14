package io.berth.runtime.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTest {
    @Test
    void withArgsKeepsEverythingButTheCommand() {
        Process base = SpecReader.parse("""
                {"terminal": false, "user": {"uid": 1000, "gid": 100, "additionalGids": [5]},
                 "args": ["sleep", "600"], "commandLine": "sleep 600", "env": ["PATH=/bin", "A=b"], "cwd": "/srv",
                 "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"]},
                 "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
                 "noNewPrivileges": true, "oomScoreAdj": 100}""".getBytes(UTF_8), Process.class);

        Process exec = base.withArgs(List.of("true"));

        assertEquals(List.of("true"), exec.args());
        assertNull(exec.commandLine(), "the old command line would contradict the new args");
        assertEquals(new Process(base.terminal(), base.consoleSize(), base.user(), List.of("true"), null, base.env(),
                base.cwd(), base.capabilities(), base.rlimits(), base.noNewPrivileges(), base.apparmorProfile(),
                base.oomScoreAdj(), base.selinuxLabel(), base.ioPriority(), base.scheduler(), base.execCPUAffinity()), exec);
    }
}
