package io.berth.bench;

/** One in-process `run`, step by step, in nanoseconds: where its time goes. */
record RunSteps(long create, long start, long await, long delete) {
    long total() {
        return create + start + await + delete;
    }
}
