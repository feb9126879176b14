package io.berth.runc;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.state.ContainerRecord;
import io.berth.runtime.state.ContainerState;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "state", description = "output the state of a container")
final class StateCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public Integer call() throws Exception {
        ContainerRuntime runtime = global.runtime();
        ContainerState state = runtime.state(id);
        ContainerRecord record = runtime.record(id);
        System.out.println(JsonOutput.pretty(describe(state, record)));
        return 0;
    }

    /** The OCI state plus the fields runc adds (rootfs, created, owner). */
    static Map<String, Object> describe(ContainerState state, ContainerRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ociVersion", state.ociVersion());
        out.put("id", state.id());
        out.put("pid", state.pid());
        out.put("status", state.status());
        out.put("bundle", state.bundle());
        out.put("rootfs", record.rootfs());
        out.put("created", record.created());
        if (!state.annotations().isEmpty()) {
            out.put("annotations", state.annotations());
        }
        out.put("owner", record.owner());
        return out;
    }
}
