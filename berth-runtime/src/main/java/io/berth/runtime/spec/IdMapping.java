package io.berth.runtime.spec;

/** A user namespace id range: containerID..+size maps to hostID..+size. */
public record IdMapping(long containerID, long hostID, long size) {}
