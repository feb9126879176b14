package io.berth.runtime.seccomp;

import io.berth.linux.SeccompFilter;
import io.berth.runtime.spec.Seccomp;
import java.io.ByteArrayInputStream;
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
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compiled programs on disk, by profile, for a JVM per command (berth-runc): libseccomp takes
 * ~20 ms to compile Docker's default profile, which nearly every container an engine creates
 * has. An entry is used only if it was compiled from the same profile (the whole of it, compared,
 * not only its hash), by the same Berth build (its jar's identity) on the same kernel release,
 * with the same dynamic linker setup (LD_LIBRARY_PATH, /etc/ld.so.cache) and the same libseccomp
 * (the loaded library's file identity: a package upgrade replaces the file), and if its CRC-32C
 * matches. Anything else, or an entry that cannot be read, is a miss: the profile is compiled, as
 * without the store. The directory is the runtime root's, root's alone, as the containers'
 * state is. One instance serves one process; its methods are synchronized for the threads of it.
 */
public final class SeccompProgramStore implements SeccompPrograms {
    /** Not a valid container id, so never a container's directory in the same root. */
    public static final String DIRECTORY = "@seccomp-programs";
    private static final int MAGIC = 0x42535031; // "BSP1"
    private static final int MAX_ENTRIES = 32;
    private static final long STALE_TEMP_MILLIS = 60_000;

    private final Path dir;
    /** Where the loaded libseccomp is: /proc/self/maps, or a stand-in in tests. */
    private final Function<String, Optional<Path>> libraries;
    /** Berth's build and its setting, as identities; "" when not from a jar; null until first needed. */
    private String build;
    private long hits;
    private long misses;

    SeccompProgramStore(Path dir, String build, Function<String, Optional<Path>> libraries) {
        this.dir = dir;
        this.build = build;
        this.libraries = libraries;
    }

    /**
     * A store in {@code runtimeRoot}, keyed to this build's jar, which it looks at only when a
     * profile is first asked for. Classes that do not come from a jar (a development tree) have
     * no identity that would say whether the compiler changed: then it compiles each time.
     */
    public static SeccompProgramStore inRoot(Path runtimeRoot) {
        return new SeccompProgramStore(runtimeRoot.resolve(DIRECTORY), null, LoadedLibrary::path);
    }

    @Override
    public synchronized SeccompProgram program(Seccomp spec) {
        if (build == null) {
            build = thisBuild();
        }
        String key = SeccompProfileKey.of(spec);
        // a lone surrogate would turn into '?' in UTF-8 and meet another profile's key
        if (build.isEmpty() || !new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(key)) {
            return SeccompCompiler.compile(spec);
        }
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
    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
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
            // which libseccomp dlopen picks: ldconfig rewrites its cache when libraries come and go
            Path linkerCache = Path.of("/etc/ld.so.cache");
            String linker = String.valueOf(System.getenv("LD_LIBRARY_PATH")) + " "
                    + (Files.exists(linkerCache) ? identity(linkerCache) : "no ld.so.cache");
            return code + " " + identity(code) + " kernel " + kernel + " linker " + linker;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "";
        }
    }

    private Optional<SeccompProgram> read(Path entry, String key) {
        try {
            Optional<byte[]> payload = ChecksummedBytes.open(Files.readAllBytes(entry));
            if (payload.isEmpty()) {
                return Optional.empty();
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload.get()));
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
            int length = in.readInt();
            if (length <= 0 || length % 8 != 0 || length > SeccompFilter.MAX_INSTRUCTIONS * 8) {
                return Optional.empty();
            }
            byte[] bpf = new byte[length];
            in.readFully(bpf);
            if (in.read() != -1) {
                return Optional.empty();
            }
            return Optional.of(new SeccompProgram(bpf, flags, warnings, skipped));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // none yet, damaged, or from another layout: compile
        }
    }

    private void write(Path entry, String key, SeccompProgram program) throws IOException {
        Optional<Path> library = libraries.apply("libseccomp.so");
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
            Files.write(tmp, ChecksummedBytes.seal(bytes.toByteArray()));
            Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        trim(entry);
    }

    /**
     * Past {@link #MAX_ENTRIES}, the entries written longest ago go, never {@code kept} (the
     * one just written: modification times tie within a clock tick); so do temporary files a
     * killed writer left.
     */
    private void trim(Path kept) throws IOException {
        List<Path> entries = new ArrayList<>();
        long staleBefore = System.currentTimeMillis() - STALE_TEMP_MILLIS;
        try (var list = Files.newDirectoryStream(dir)) {
            for (Path p : list) {
                String name = p.getFileName().toString();
                if (name.endsWith(".bpf") && !p.equals(kept)) {
                    entries.add(p);
                } else if (name.startsWith("entry-") && name.endsWith(".tmp")
                        && Files.getLastModifiedTime(p).toMillis() < staleBefore) {
                    Files.deleteIfExists(p);
                }
            }
        }
        while (entries.size() > MAX_ENTRIES - 1) {
            Path oldest = entries.getFirst();
            FileTime oldestTime = Files.getLastModifiedTime(oldest);
            for (Path p : entries) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.compareTo(oldestTime) < 0) {
                    oldest = p;
                    oldestTime = t;
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
        if (length < 0 || length > in.available()) {
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
        if (count < 0 || count > in.available()) {
            throw new IOException("bad count " + count);
        }
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(string(in));
        }
        return list;
    }
}
