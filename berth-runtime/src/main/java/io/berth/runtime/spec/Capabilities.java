package io.berth.runtime.spec;

import java.util.List;

/** process.capabilities: the five sets, by name (CAP_...). */
public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                           List<String> permitted, List<String> ambient) {
    public Capabilities {
        bounding = bounding == null ? List.of() : List.copyOf(bounding);
        effective = effective == null ? List.of() : List.copyOf(effective);
        inheritable = inheritable == null ? List.of() : List.copyOf(inheritable);
        permitted = permitted == null ? List.of() : List.copyOf(permitted);
        ambient = ambient == null ? List.of() : List.copyOf(ambient);
    }
}
