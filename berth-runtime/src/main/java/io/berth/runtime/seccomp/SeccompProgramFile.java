package io.berth.runtime.seccomp;

import io.berth.linux.SeccompFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A container's compiled seccomp program, kept in its state directory by create so that exec
 * installs the very filter the container runs under, without compiling the profile again
 * (libseccomp takes ~20 ms for Docker's default profile, every time). The warnings and skipped
 * syscalls are not kept: create reported them. Layout: "BSC1", the flags as a big-endian int,
 * the instructions, and a CRC-32C of all that ({@link ChecksummedBytes}).
 */
public final class SeccompProgramFile {
    public static final String NAME = "seccomp.bpf";
    private static final byte[] MAGIC = {'B', 'S', 'C', '1'};
    private static final int HEADER = MAGIC.length + Integer.BYTES;

    private SeccompProgramFile() {}

    /** Writes {@code program} to {@code file} through a temporary file, so a reader sees all of it or nothing. */
    public static void write(Path file, SeccompProgram program) {
        byte[] bpf = program.bpf();
        ByteBuffer bytes = ByteBuffer.allocate(HEADER + bpf.length).put(MAGIC).putInt(program.flags()).put(bpf);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, ChecksummedBytes.seal(bytes.array()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the seccomp program " + file, e);
        }
    }

    /**
     * The program in {@code file}, or empty if there is none (a container created by a build
     * that did not keep it).
     *
     * @throws IllegalStateException naming the file, if it is not a whole program
     */
    public static Optional<SeccompProgram> read(Path file) {
        byte[] sealed;
        try {
            sealed = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seccomp program " + file, e);
        }
        byte[] bytes = ChecksummedBytes.open(sealed).orElse(new byte[0]);
        int instructions = (bytes.length - HEADER) / 8;
        if (bytes.length < HEADER + 8 || (bytes.length - HEADER) % 8 != 0
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || instructions > SeccompFilter.MAX_INSTRUCTIONS) {
            throw new IllegalStateException("damaged seccomp program " + file + " (" + sealed.length + " bytes)");
        }
        int flags = ByteBuffer.wrap(bytes).getInt(MAGIC.length);
        byte[] bpf = Arrays.copyOfRange(bytes, HEADER, bytes.length);
        return Optional.of(new SeccompProgram(bpf, flags, List.of(), List.of()));
    }
}
