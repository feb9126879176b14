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
 * ROOT/ID/container.json   the {@link ContainerRecord}, replaced atomically
 * ROOT/ID/exec.fifo        exists from create until start; its reader releases the process
 * </pre>
 * Creating the directory is the lock that makes container ids unique.
 */
public final class StateStore {
    private static final Pattern ID = Pattern.compile("^[\\w+\\-.]+$");

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
        Path tmp = dir.resolve("container.json.tmp");
        try {
            Files.write(tmp, ContainerRecordJson.write(record));
            try {
                Files.move(tmp, dir.resolve("container.json"), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve("container.json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save state of " + record.id(), e);
        }
    }

    public Optional<ContainerRecord> load(String id) {
        Path file = dir(id).resolve("container.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContainerRecordJson.read(Files.readAllBytes(file)));
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
                if (Files.exists(d.resolve("container.json"))) {
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
