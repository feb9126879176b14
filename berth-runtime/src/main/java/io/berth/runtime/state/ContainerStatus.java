package io.berth.runtime.state;

/** The OCI lifecycle states (runtime.md#state), with the transitions each allows. */
public enum ContainerStatus {
    CREATING, CREATED, RUNNING, PAUSED, STOPPED;

    public boolean canStart() {
        return this == CREATED;
    }

    public boolean canDelete() {
        return this == STOPPED || this == CREATED;
    }

    public boolean canExec() {
        return this == RUNNING || this == CREATED;
    }

    public boolean canPause() {
        return this == RUNNING || this == CREATED;
    }

    /** The lowercase spelling used in state JSON. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
