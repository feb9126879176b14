package io.berth.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.SeccompFilter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompProgramFileTest {
    @TempDir
    Path dir;

    private static SeccompProgram program(int instructions, int flags) {
        byte[] bpf = new byte[instructions * 8];
        for (int i = 0; i < bpf.length; i++) {
            bpf[i] = (byte) (i * 7);
        }
        return new SeccompProgram(bpf, flags, List.of("a warning create reported"), List.of("a skipped syscall"));
    }

    @Test
    void theProgramAndItsFlagsComeBackWithoutTheWarningsOrSkippedSyscalls() throws IOException {
        Path file = dir.resolve(SeccompProgramFile.NAME);
        SeccompProgram written = program(5, 0x6);
        SeccompProgramFile.write(file, written);

        SeccompProgram read = SeccompProgramFile.read(file).orElseThrow();
        assertArrayEquals(written.bpf(), read.bpf());
        assertEquals(0x6, read.flags());
        assertEquals(List.of(), read.warnings());
        assertEquals(List.of(), read.skipped());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void noFileIsNoProgram() {
        assertEquals(Optional.empty(), SeccompProgramFile.read(dir.resolve("none")));
    }

    @Test
    void aDamagedFileIsAnErrorNamingIt() throws IOException {
        Path file = dir.resolve(SeccompProgramFile.NAME);
        SeccompProgramFile.write(file, program(3, 0));
        byte[] whole = Files.readAllBytes(file);

        List<byte[]> damaged = List.of(
                new byte[0],
                Arrays.copyOf(whole, 8), // the header, no instructions
                Arrays.copyOf(whole, whole.length - 3), // cut inside an instruction
                withByte(whole, 0, 'X'), // not our magic
                withByte(whole, whole.length - 8, whole[whole.length - 8] ^ 0x10), // a bit of an instruction
                ByteBuffer.allocate(8 + (SeccompFilter.MAX_INSTRUCTIONS + 1) * 8).put(whole, 0, 8).array());
        for (byte[] bytes : damaged) {
            Files.write(file, bytes);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SeccompProgramFile.read(file));
            assertTrue(e.getMessage().startsWith("damaged seccomp program " + file), e.getMessage());
        }
    }

    private static byte[] withByte(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }
}
