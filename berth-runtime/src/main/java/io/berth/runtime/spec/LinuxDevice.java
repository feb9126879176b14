package io.berth.runtime.spec;

/** linux.devices[]: a device node to create in the container (type c, b, u or p). */
public record LinuxDevice(String type, String path, Long major, Long minor, Integer fileMode,
                          Long uid, Long gid) {}
