package io.berth.runtime.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Per-container directories under the runtime root (runc: /run/runc). Layout:
 * <pre>
 * ROOT/ID/container.properties  the {@link ContainerRecord}, replaced atomically
 * ROOT/ID/exec.fifo             exists from create until start; its reader releases the process
 * </pre>
 * A container created by an older Berth has ROOT/ID/container.json instead: it is still read
 * (upgrading must not orphan running containers), and replaced on the next save.
 * Creating the directory is the lock that makes container ids unique.
 */
public final class StateStore {
    private static final Pattern ID = Pattern.compile("^[\\w+\\-.]+$");
    private static final String LEGACY_RECORD = "container.json";

    private final Path root;

    public StateStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static void checkId(String id) {
        if (id == null || id.isEmpty() || !ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException("invalid container id \"" + id
                    + "\": use letters, digits, '_', '+', '-' and '.'");
        }
    }

    /** Reserves {@code id}; fails if a container with that id exists. */
    public Path reserve(String id) {
        checkId(id);
        try {
            Files.createDirectories(root);
            Path dir = Files.createDirectory(root.resolve(id));
            // 0711 whatever the caller's umask, as runc: a directly spawned workload, already
            // running as the container's user, must be able to reach exec.fifo in it
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            return dir;
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("container with id exists: " + id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory under " + root, e);
        }
    }

    public Path dir(String id) {
        checkId(id);
        return root.resolve(id);
    }

    public Path execFifo(String id) {
        return dir(id).resolve("exec.fifo");
    }

    public void save(ContainerRecord record) {
        Path dir = dir(record.id());
        Path tmp = dir.resolve(ContainerRecordFile.NAME + ".tmp");
        Path file = dir.resolve(ContainerRecordFile.NAME);
        try {
            Files.write(tmp, ContainerRecordFile.write(record));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(dir.resolve(LEGACY_RECORD)); // superseded
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save state of " + record.id(), e);
        }
    }

    public Optional<ContainerRecord> load(String id) {
        Path dir = dir(id);
        Path file = dir.resolve(ContainerRecordFile.NAME);
        try {
            if (Files.exists(file)) {
                return Optional.of(ContainerRecordFile.read(Files.readAllBytes(file)));
            }
            file = dir.resolve(LEGACY_RECORD);
            if (Files.exists(file)) {
                return Optional.of(ContainerRecordJson.read(Files.readAllBytes(file)));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state of " + id + " at " + file, e);
        }
    }

    public ContainerRecord require(String id) {
        return load(id).orElseThrow(() -> new NoSuchContainerException(id));
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (Files.exists(d.resolve(ContainerRecordFile.NAME)) || Files.exists(d.resolve(LEGACY_RECORD))) {
                    ids.add(d.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        ids.sort(null);
        return ids;
    }

    public void remove(String id) {
        Path dir = dir(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove state of " + id, e);
        }
    }
}
