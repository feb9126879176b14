package io.berth.runtime.seccomp;

import io.berth.runtime.spec.Seccomp;

/**
 * Where a runtime gets the program for a container's linux.seccomp: compiled each time, from a
 * {@link SeccompProgramCache} in a JVM that creates container after container (most of them with
 * the same profile), or from a {@link SeccompProgramStore} on disk, for a JVM per command.
 */
public sealed interface SeccompPrograms
        permits SeccompPrograms.CompiledEachTime, SeccompProgramCache, SeccompProgramStore {
    SeccompPrograms COMPILED_EACH_TIME = new CompiledEachTime();

    /** See {@link SeccompCompiler#compile}: the same program, and the same errors. */
    SeccompProgram program(Seccomp spec);

    final class CompiledEachTime implements SeccompPrograms {
        private CompiledEachTime() {}

        @Override
        public SeccompProgram program(Seccomp spec) {
            return SeccompCompiler.compile(spec);
        }
    }
}
