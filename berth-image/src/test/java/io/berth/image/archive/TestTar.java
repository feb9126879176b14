package io.berth.image.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** An archive built member by member in memory, in the order the test wants them. */
final class TestTar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    TestTar() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    TestTar dir(String name) {
        return put(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR), null);
    }

    TestTar file(String name, byte[] data) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        return put(entry, data);
    }

    TestTar file(String name, String text) {
        return file(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    TestTar symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        return put(entry, null);
    }

    /** Every file below {@code root}, named relative to it, in sorted order. */
    TestTar tree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        for (Path path : paths) {
            String name = root.relativize(path).toString();
            if (Files.isDirectory(path)) {
                dir(name);
            } else {
                file(name, Files.readAllBytes(path));
            }
        }
        return this;
    }

    byte[] bytes() {
        try {
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private TestTar put(TarArchiveEntry entry, byte[] data) {
        try {
            tar.putArchiveEntry(entry);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
