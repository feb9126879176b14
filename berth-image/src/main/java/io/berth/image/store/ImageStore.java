package io.berth.image.store;

import io.berth.image.content.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * Image metadata in the embedded state database (SQLite): images by ID, the tags and repo digests
 * that name them, and the blobs each one needs (for garbage collection). Every change is one
 * transaction, so a crash never leaves a tag pointing at nothing.
 */
public final class ImageStore implements AutoCloseable {
    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS images (
          id TEXT PRIMARY KEY,
          manifest_digest TEXT NOT NULL,
          manifest_media_type TEXT NOT NULL,
          manifest_size INTEGER NOT NULL,
          created TEXT,
          stored_at TEXT NOT NULL,
          top_chain_id TEXT,
          size INTEGER NOT NULL)""",
        "CREATE TABLE IF NOT EXISTS tags (name TEXT PRIMARY KEY, image_id TEXT NOT NULL REFERENCES images(id))",
        "CREATE TABLE IF NOT EXISTS repo_digests (name TEXT PRIMARY KEY, image_id TEXT NOT NULL REFERENCES images(id))",
        """
        CREATE TABLE IF NOT EXISTS image_blobs (
          image_id TEXT NOT NULL REFERENCES images(id),
          digest TEXT NOT NULL,
          PRIMARY KEY (image_id, digest))""",
        "CREATE INDEX IF NOT EXISTS tags_by_image ON tags(image_id)",
        "CREATE INDEX IF NOT EXISTS repo_digests_by_image ON repo_digests(image_id)",
    };

    private final Connection db;

    private ImageStore(Connection db) {
        this.db = db;
    }

    public static ImageStore open(Path dbFile) {
        try {
            Files.createDirectories(dbFile.toAbsolutePath().getParent());
            SQLiteConfig config = new SQLiteConfig();
            // take the write lock when a transaction begins, so two processes can't both read-then-write
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setBusyTimeout(30_000);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath(), config.toProperties());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA synchronous = NORMAL");
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
            }
            return new ImageStore(db);
        } catch (Exception e) {
            throw new ImageStoreException("cannot open the image database " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records an image and the blobs it needs, and points {@code tag} (if any) and {@code repoDigest}
     * (if any) at it. A tag that named another image moves, leaving that one dangling, as in Docker.
     */
    public void put(ImageRecord image, List<Digest> blobs, Optional<String> tag, Optional<String> repoDigest) {
        transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT INTO images (id, manifest_digest, manifest_media_type, manifest_size, created, stored_at, top_chain_id, size)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET manifest_digest = excluded.manifest_digest,
                      manifest_media_type = excluded.manifest_media_type, manifest_size = excluded.manifest_size""")) {
                ps.setString(1, image.id().toString());
                ps.setString(2, image.manifestDigest().toString());
                ps.setString(3, image.manifestMediaType());
                ps.setLong(4, image.manifestSize());
                ps.setString(5, image.created());
                ps.setString(6, image.storedAt().toString());
                ps.setString(7, image.topChainId().orElse(null));
                ps.setLong(8, image.size());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO image_blobs (image_id, digest) VALUES (?, ?)")) {
                for (Digest blob : blobs) {
                    ps.setString(1, image.id().toString());
                    ps.setString(2, blob.toString());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (tag.isPresent()) {
                upsertName("tags", tag.get(), image.id());
            }
            if (repoDigest.isPresent()) {
                upsertName("repo_digests", repoDigest.get(), image.id());
            }
        });
    }

    /** Points a tag at an image (creating or moving it). */
    public void tag(Digest imageId, String tag) {
        transaction(() -> {
            require(imageId);
            upsertName("tags", tag, imageId);
        });
    }

    /** Removes a tag; returns whether it existed. */
    public boolean untag(String tag) {
        return update("DELETE FROM tags WHERE name = ?", tag) > 0;
    }

    /** Deletes an image's record with its tags and digests. Its blobs and snapshots go at GC. */
    public void delete(Digest imageId) {
        transaction(() -> {
            for (String table : List.of("tags", "repo_digests", "image_blobs")) {
                try (PreparedStatement ps = db.prepareStatement("DELETE FROM " + table + " WHERE image_id = ?")) {
                    ps.setString(1, imageId.toString());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM images WHERE id = ?")) {
                ps.setString(1, imageId.toString());
                ps.executeUpdate();
            }
        });
    }

    public Optional<ImageRecord> get(Digest imageId) {
        return query("WHERE i.id = ?", imageId.toString()).stream().findFirst();
    }

    public Optional<Digest> byTag(String tag) {
        return name("tags", tag);
    }

    public Optional<Digest> byRepoDigest(String reference) {
        return name("repo_digests", reference);
    }

    /**
     * Finds an image by a full ID ("sha256:..." or 64 hex digits) or a unique prefix of at least
     * one hex digit, as {@code docker image inspect 3f57} does.
     */
    public Optional<Digest> byIdPrefix(String text) {
        String hex = text.startsWith("sha256:") ? text.substring(7) : text;
        if (hex.isEmpty() || hex.length() > 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return Optional.empty();
        }
        List<String> ids = strings("SELECT id FROM images WHERE id LIKE ? ORDER BY id LIMIT 2", "sha256:" + hex + "%");
        if (ids.size() > 1) {
            throw new ImageStoreException("image ID prefix \"" + text + "\" is ambiguous: it matches more than one image");
        }
        return ids.stream().findFirst().map(Digest::parse);
    }

    public List<ImageRecord> list() {
        return query("", null);
    }

    /** Every blob some image needs. */
    public Set<Digest> referencedBlobs() {
        Set<Digest> all = new HashSet<>();
        for (String d : strings("SELECT DISTINCT digest FROM image_blobs", null)) {
            all.add(Digest.parse(d));
        }
        for (String d : strings("SELECT manifest_digest FROM images", null)) {
            all.add(Digest.parse(d));
        }
        return all;
    }

    private void upsertName(String table, String name, Digest imageId) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO " + table + " (name, image_id) VALUES (?, ?) "
                + "ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id")) {
            ps.setString(1, name);
            ps.setString(2, imageId.toString());
            ps.executeUpdate();
        }
    }

    private void require(Digest imageId) {
        if (get(imageId).isEmpty()) {
            throw new ImageStoreException("no such image: " + imageId);
        }
    }

    private Optional<Digest> name(String table, String name) {
        return strings("SELECT image_id FROM " + table + " WHERE name = ?", name).stream().findFirst().map(Digest::parse);
    }

    private List<ImageRecord> query(String where, String arg) {
        String sql = """
                SELECT i.id, i.manifest_digest, i.manifest_media_type, i.manifest_size, i.created, i.stored_at,
                       i.top_chain_id, i.size,
                       (SELECT group_concat(name, char(10)) FROM (SELECT name FROM tags t WHERE t.image_id = i.id ORDER BY name)),
                       (SELECT group_concat(name, char(10)) FROM (SELECT name FROM repo_digests d WHERE d.image_id = i.id ORDER BY name))
                FROM images i
                """ + where + " ORDER BY i.stored_at DESC";
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            List<ImageRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ImageRecord(Digest.parse(rs.getString(1)), Digest.parse(rs.getString(2)), rs.getString(3),
                            rs.getLong(4), rs.getString(5), Instant.parse(rs.getString(6)),
                            Optional.ofNullable(rs.getString(7)), rs.getLong(8), lines(rs.getString(9)), lines(rs.getString(10))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new ImageStoreException("image database query failed: " + e.getMessage(), e);
        }
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    private List<String> strings(String sql, String arg) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new ImageStoreException("image database query failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, String arg) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, arg);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new ImageStoreException("image database update failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    private synchronized void transaction(Work work) {
        try {
            db.setAutoCommit(false);
            work.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure matters more
            }
            if (e instanceof ImageStoreException ise) {
                throw ise;
            }
            throw new ImageStoreException("image database update failed: " + e.getMessage(), e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is unusable anyway
            }
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // nothing left to save
        }
    }
}
