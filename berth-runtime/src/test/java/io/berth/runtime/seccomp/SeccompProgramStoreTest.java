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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompProgramStoreTest {
    @TempDir
    Path root;
    /** Stands in for the loaded libseccomp's file, so a test can replace it. */
    private Path library;

    @org.junit.jupiter.api.BeforeEach
    void library() throws IOException {
        library = Files.writeString(root.resolve("libseccomp.so.2"), "version 1");
    }

    private static Seccomp denying(String... names) {
        return new Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of("SECCOMP_FILTER_FLAG_TSYNC"), null, null,
                List.of(new Seccomp.Syscall(List.of(names), "SCMP_ACT_ERRNO", 1, List.of())));
    }

    private SeccompProgramStore store(String build) {
        return new SeccompProgramStore(root.resolve(SeccompProgramStore.DIRECTORY), build, name -> Optional.of(library));
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
    void anotherLibseccompCompilesAgain() throws IOException {
        Seccomp profile = denying("mkdir");
        store("b").program(profile);
        Files.delete(library); // a package upgrade: a new file in its place
        Files.writeString(library, "version 2");

        SeccompProgramStore upgraded = store("b");
        upgraded.program(profile);
        assertEquals(1, upgraded.misses());
        SeccompProgramStore again = store("b");
        again.program(profile);
        assertEquals(1, again.hits(), "the entry was written again for the new library");
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
        byte[] flipped = whole.clone();
        flipped[whole.length - 20] ^= 0x04; // one bit of the last instruction
        for (byte[] damaged : List.of(new byte[0], Arrays.copyOf(whole, whole.length / 2),
                Arrays.copyOf(whole, whole.length - 3), Arrays.copyOf(whole, whole.length + 8), flipped)) {
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
        List<Path> written = new java.util.ArrayList<>();
        for (int i = 0; i < 34; i++) {
            Seccomp profile = denying("mkdir", "name_" + i);
            store.program(profile);
            // a second apart, as the clock's ticks would not keep them
            Files.setLastModifiedTime(entry(profile), java.nio.file.attribute.FileTime.fromMillis(1_000_000L + i * 1000L));
            written.add(entry(profile));
        }
        try (var entries = Files.list(root.resolve(SeccompProgramStore.DIRECTORY))) {
            assertEquals(java.util.Set.copyOf(written.subList(2, 34)), java.util.Set.copyOf(entries.toList()));
        }
    }

    @Test
    void aProfileWhoseTextUtf8CannotCarryIsCompiledNotStored() throws IOException {
        // a lone surrogate becomes '?' in UTF-8, where it would meet the profile that says '?'
        Seccomp lone = denying("mkdir", "x\ud800");
        Seccomp question = denying("mkdir", "x?");
        SeccompProgramStore store = store("b");
        store.program(lone);
        store.program(question);
        assertEquals(1, store.misses(), "only the storable one went through the store");
        assertEquals(0, store.hits(), "the '?' profile did not get the lone surrogate's program");
        try (var entries = Files.list(root.resolve(SeccompProgramStore.DIRECTORY))) {
            assertEquals(List.of(entry(question)), entries.toList());
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
