package io.berth.runtime.seccomp;

import io.berth.runtime.spec.Seccomp;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiled programs on disk, by profile, for a JVM per command (berth-runc): libseccomp takes
 * ~20 ms to compile Docker's default profile, which nearly every container an engine creates
 * has. An entry is used only if it was compiled from the same profile (the whole of it, compared,
 * not only its hash), by the same Berth build (its jar's identity) on the same kernel release
 * with the same libseccomp (the loaded library's file identity: a package upgrade replaces the
 * file). Anything else, or an entry that cannot be read, is a miss: the profile is compiled, as
 * without the store. The directory is the runtime root's, root's alone, as the containers' state
 * is.
 */
public final class SeccompProgramStore implements SeccompPrograms {
    /** Not a valid container id, so never a container's directory in the same root. */
    public static final String DIRECTORY = "@seccomp-programs";
    private static final int MAGIC = 0x42535031; // "BSP1"
    private static final int MAX_ENTRIES = 32;

    private final Path dir;
    /** Berth's build, as its jar's identity; "" when it does not come from a jar; null until first needed. */
    private String build;
    private long hits;
    private long misses;

    SeccompProgramStore(Path dir, String build) {
        this.dir = dir;
        this.build = build;
    }

    /**
     * A store in {@code runtimeRoot}, keyed to this build's jar, which it looks at only when a
     * profile is first asked for. Classes that do not come from a jar (a development tree) have
     * no identity that would say whether the compiler changed: then it compiles each time.
     */
    public static SeccompProgramStore inRoot(Path runtimeRoot) {
        return new SeccompProgramStore(runtimeRoot.resolve(DIRECTORY), null);
    }

    @Override
    public SeccompProgram program(Seccomp spec) {
        if (build == null) {
            build = thisBuild();
        }
        if (build.isEmpty()) {
            return SeccompCompiler.compile(spec);
        }
        String key = SeccompProfileKey.of(spec);
        Path entry = dir.resolve(entryName(key));
        Optional<SeccompProgram> stored = read(entry, key);
        if (stored.isPresent()) {
            hits++;
            return stored.get();
        }
        misses++;
        SeccompProgram compiled = SeccompCompiler.compile(spec);
        try {
            write(entry, key, compiled);
        } catch (IOException | RuntimeException e) {
            // a store that cannot be written is only slower
        }
        return compiled;
    }

    /** Programs read from the store, and profiles compiled (by this instance). */
    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    static String entryName(String key) {
        return Long.toHexString(fnv1a(key)) + ".bpf";
    }

    private static String thisBuild() {
        try {
            Path code = Path.of(SeccompCompiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(code)) {
                return "";
            }
            // libseccomp asks the kernel what it supports: a persistent --root may see another kernel
            String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
            return code + " " + identity(code) + " kernel " + kernel;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "";
        }
    }

    private Optional<SeccompProgram> read(Path entry, String key) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(entry))) {
            if (in.readInt() != MAGIC || !build.equals(string(in))) {
                return Optional.empty();
            }
            Path library = Path.of(string(in));
            if (!string(in).equals(identity(library)) || !key.equals(string(in))) {
                return Optional.empty();
            }
            int flags = in.readInt();
            List<String> warnings = strings(in);
            List<String> skipped = strings(in);
            byte[] bpf = new byte[in.readInt()];
            in.readFully(bpf);
            if (bpf.length == 0 || bpf.length % 8 != 0 || in.read() != -1) {
                return Optional.empty();
            }
            return Optional.of(new SeccompProgram(bpf, flags, warnings, skipped));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // none yet, damaged, or from another layout: compile
        }
    }

    private void write(Path entry, String key, SeccompProgram program) throws IOException {
        Optional<Path> library = LoadedLibrary.path("libseccomp.so");
        if (library.isEmpty()) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16384);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            string(out, build);
            string(out, library.get().toString());
            string(out, identity(library.get()));
            string(out, key);
            out.writeInt(program.flags());
            strings(out, program.warnings());
            strings(out, program.skipped());
            byte[] bpf = program.bpf();
            out.writeInt(bpf.length);
            out.write(bpf);
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        Path tmp = Files.createTempFile(dir, "entry-", ".tmp");
        try {
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        trim();
    }

    /** Past {@link #MAX_ENTRIES}, the entries written longest ago go. */
    private void trim() throws IOException {
        List<Path> entries = new ArrayList<>();
        try (var list = Files.newDirectoryStream(dir, "*.bpf")) {
            for (Path p : list) {
                entries.add(p);
            }
        }
        while (entries.size() > MAX_ENTRIES) {
            Path oldest = entries.getFirst();
            for (Path p : entries) {
                if (Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(oldest)) < 0) {
                    oldest = p;
                }
            }
            Files.deleteIfExists(oldest);
            entries.remove(oldest);
        }
    }

    /** What changes when the file is replaced: device and inode, size, modification time. */
    private static String identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.fileKey() + " " + a.size() + " " + a.lastModifiedTime().toInstant();
    }

    private static long fnv1a(String s) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            hash ^= s.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 24) {
            throw new IOException("bad length " + length);
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            string(out, s);
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1 << 16) {
            throw new IOException("bad count " + count);
        }
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(string(in));
        }
        return list;
    }
}
