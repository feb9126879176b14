package io.berth.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompProgramCacheTest {
    private static Seccomp denying(String... names) {
        return new Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of(), null, null,
                List.of(new Seccomp.Syscall(List.of(names), "SCMP_ACT_ERRNO", 1, List.of())));
    }

    @Test
    void theSameProfileIsCompiledOnceEvenAsAnotherRecord() {
        SeccompProgramCache cache = new SeccompProgramCache(4);
        SeccompProgram first = cache.program(denying("mkdir"));
        SeccompProgram second = cache.program(denying("mkdir"));

        assertSame(first, second);
        assertEquals(1, cache.misses());
        assertEquals(1, cache.hits());
        assertEquals(SeccompCompiler.compile(denying("mkdir")), first, "what the compiler makes of it");
    }

    @Test
    void anotherProfileGetsItsOwnProgram() {
        SeccompProgramCache cache = new SeccompProgramCache(4);
        SeccompProgram mkdir = cache.program(denying("mkdir"));
        SeccompProgram rmdir = cache.program(denying("rmdir"));

        assertNotEquals(mkdir, rmdir);
        assertEquals(2, cache.misses());
        assertEquals(0, cache.hits());
    }

    @Test
    void theLeastRecentlyUsedProfileMakesRoom() {
        SeccompProgramCache cache = new SeccompProgramCache(2);
        cache.program(denying("mkdir"));
        cache.program(denying("rmdir"));
        cache.program(denying("mkdir")); // hit: now rmdir is the least recently used
        cache.program(denying("unlink")); // evicts rmdir
        cache.program(denying("mkdir")); // still there
        cache.program(denying("rmdir")); // compiled again

        assertEquals(2, cache.hits());
        assertEquals(4, cache.misses());
    }

    @Test
    void aProfileThatFailsFailsEveryTime() {
        SeccompProgramCache cache = new SeccompProgramCache(4);
        Seccomp wrong = new Seccomp("SCMP_ACT_NOPE", null, List.of(), List.of(), null, null, List.of());

        SpecException first = assertThrows(SpecException.class, () -> cache.program(wrong));
        SpecException second = assertThrows(SpecException.class, () -> cache.program(wrong));
        assertEquals(first.getMessage(), second.getMessage());
        assertEquals(2, cache.misses());
    }

    @Test
    void aCacheHoldsAtLeastOneProgram() {
        assertThrows(IllegalArgumentException.class, () -> new SeccompProgramCache(0));
    }
}
