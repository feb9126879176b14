package io.berth.runtime.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** One of process.rlimits: type is RLIMIT_*; the values are unsigned 64-bit (-1 is unlimited). */
public record PosixRlimit(String type,
                          @JsonDeserialize(using = UnsignedLongDeserializer.class) long hard,
                          @JsonDeserialize(using = UnsignedLongDeserializer.class) long soft) {}
