package io.berth.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompProgramStoreTest {
    @TempDir
    Path root;

    private static Seccomp denying(String... names) {
        return new Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of("SECCOMP_FILTER_FLAG_TSYNC"), null, null,
                List.of(new Seccomp.Syscall(List.of(names), "SCMP_ACT_ERRNO", 1, List.of())));
    }

    private SeccompProgramStore store(String build) {
        return new SeccompProgramStore(root.resolve(SeccompProgramStore.DIRECTORY), build);
    }

    private Path entry(Seccomp profile) {
        return root.resolve(SeccompProgramStore.DIRECTORY).resolve(SeccompProgramStore.entryName(SeccompProfileKey.of(profile)));
    }

    @Test
    void aProfileCompiledByOneProcessIsReadByTheNextWithItsWarnings() {
        Seccomp profile = denying("mkdir", "frobnicate_2099");
        SeccompProgram compiled = store("build 1").program(profile);
        assertTrue(Files.isRegularFile(entry(profile)));

        SeccompProgramStore next = store("build 1"); // another berth-runc create
        SeccompProgram read = next.program(denying("mkdir", "frobnicate_2099"));
        assertEquals(1, next.hits());
        assertEquals(0, next.misses());
        assertEquals(compiled, read, "the same instructions, flags, warnings and skipped syscalls");
        assertEquals(1, read.warnings().size(), "TSYNC ignored: " + read);
        assertEquals(1, read.skipped().size(), "frobnicate_2099: " + read);
    }

    @Test
    void anotherBuildCompilesAgainAndReplacesTheEntry() throws IOException {
        Seccomp profile = denying("mkdir");
        store("build 1").program(profile);
        SeccompProgramStore upgraded = store("build 2");
        upgraded.program(profile);
        assertEquals(1, upgraded.misses());

        SeccompProgramStore again = store("build 2");
        again.program(profile);
        assertEquals(1, again.hits(), "build 2's entry replaced build 1's");
    }

    @Test
    void anEntryForAnotherProfileUnderTheSameNameIsNotUsed() throws IOException {
        // as if two profiles' hashes collided: the whole profile is compared
        Seccomp mkdir = denying("mkdir");
        Seccomp rmdir = denying("rmdir");
        store("b").program(mkdir);
        Files.createDirectories(entry(rmdir).getParent());
        Files.copy(entry(mkdir), entry(rmdir));

        SeccompProgramStore store = store("b");
        assertEquals(SeccompCompiler.compile(rmdir), store.program(rmdir));
        assertEquals(1, store.misses());
    }

    @Test
    void aDamagedEntryIsCompiledAgainAndRewritten() throws IOException {
        Seccomp profile = denying("mkdir");
        store("b").program(profile);
        byte[] whole = Files.readAllBytes(entry(profile));
        for (byte[] damaged : List.of(new byte[0], Arrays.copyOf(whole, whole.length / 2),
                Arrays.copyOf(whole, whole.length - 3), Arrays.copyOf(whole, whole.length + 8))) {
            Files.write(entry(profile), damaged);
            SeccompProgramStore store = store("b");
            assertEquals(SeccompCompiler.compile(profile), store.program(profile));
            assertEquals(1, store.misses());
            assertEquals(Arrays.toString(whole), Arrays.toString(Files.readAllBytes(entry(profile))), "rewritten");
        }
    }

    @Test
    void aStoreThatCannotBeWrittenOnlyCompiles() throws IOException {
        Files.writeString(root.resolve(SeccompProgramStore.DIRECTORY), "a file where the directory would be");
        Seccomp profile = denying("mkdir");
        SeccompProgramStore store = store("b");
        assertEquals(SeccompCompiler.compile(profile), store.program(profile));
        assertEquals(SeccompCompiler.compile(profile), store.program(profile));
        assertEquals(2, store.misses());
    }

    @Test
    void aProfileThatFailsIsNotStored() {
        Seccomp wrong = new Seccomp("SCMP_ACT_NOPE", null, List.of(), List.of(), null, null, List.of());
        assertThrows(SpecException.class, () -> store("b").program(wrong));
        assertFalse(Files.exists(entry(wrong)));
    }

    @Test
    void theStoreKeepsTheNewestEntriesOnly() throws IOException {
        SeccompProgramStore store = store("b");
        for (int i = 0; i < 34; i++) {
            store.program(denying("mkdir", "name_" + i));
        }
        try (var entries = Files.list(root.resolve(SeccompProgramStore.DIRECTORY))) {
            assertEquals(32, entries.count());
        }
    }

    @Test
    void classesOutsideAJarCompileEachTimeAndStoreNothing() {
        // unit tests run from target/classes: no jar identity says whether the compiler changed
        SeccompProgramStore store = SeccompProgramStore.inRoot(root);
        store.program(denying("mkdir"));
        store.program(denying("mkdir"));
        assertFalse(Files.exists(root.resolve(SeccompProgramStore.DIRECTORY)));
    }
}
