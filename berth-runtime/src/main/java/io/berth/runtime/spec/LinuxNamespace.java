package io.berth.runtime.spec;

/** linux.namespaces[]: type is pid|network|mount|ipc|uts|user|cgroup|time; path joins one. */
public record LinuxNamespace(String type, String path) {}
