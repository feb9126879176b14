package io.berth.storage.volume;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * volume.json: what a volume was made with. Whether it is mounted and how full it is are asked of
 * the kernel instead, so a reboot cannot make this file lie. Written whole to a temporary file
 * and renamed over the old one, so a crash leaves the old or the new, never half of either.
 *
 * @param createdAt RFC 3339, as Docker writes CreatedAt
 * @param options   as given, e.g. {@code {"size": "100M"}}; a "size" makes a size-capped volume
 */
record VolumeFile(String name, String driver, String createdAt, Map<String, String> labels,
        Map<String, String> options) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    VolumeFile {
        labels = new TreeMap<>(labels == null ? Map.of() : labels);
        options = new TreeMap<>(options == null ? Map.of() : options);
    }

    /** Throws NoSuchFileException when there is no file. */
    static VolumeFile read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return JSON.readValue(bytes, VolumeFile.class).checked(file);
        } catch (JacksonException e) {
            throw new IOException("malformed " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    private VolumeFile checked(Path file) throws IOException {
        if (name == null || driver == null || createdAt == null) {
            throw new IOException("malformed " + file + ": name, driver and createdAt are required");
        }
        try {
            Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw new IOException("malformed " + file + ": createdAt \"" + createdAt + "\" is not RFC 3339", e);
        }
        return this;
    }

    void write(Path file) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(this));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
