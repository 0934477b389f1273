package dev.mlops.registry.jdbc.internal;

import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.StorageException;
import dev.mlops.spi.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifacts in the database, in chunks of a fixed size, one row per chunk, so that neither writing
 * nor reading needs more memory than one chunk. An artifact that fits in one chunk is written in
 * one transaction. A larger one is written as an upload: its random blob id is recorded in
 * {@code mlops_artifact_uploads}, each chunk is inserted and committed on its own while hashing (a
 * transaction holding every chunk would hold them all in the database's memory until its commit,
 * which is how H2 ran out of memory on large artifacts), and a last transaction records the digest
 * and removes the upload record. Nothing is visible before that last commit; a write that fails
 * removes its chunks, and the chunks of a writer that died are removed by a later open, once the
 * upload is an hour old. Content already stored is not stored again unless the stored copy turns
 * out damaged, when the new bytes replace it.
 */
public final class DatabaseArtifacts implements Artifacts {

    private static final Logger log = LoggerFactory.getLogger(DatabaseArtifacts.class);

    /** Uploads older than this belong to writers that died; younger ones may be in progress. */
    public static final Duration STALE_UPLOAD_AGE = Duration.ofHours(1);

    private final Database db;
    private final int chunkSize;

    /** Artifacts in {@code db}, in chunks of {@code chunkSize} bytes. */
    public DatabaseArtifacts(Database db, int chunkSize) {
        this.db = db;
        this.chunkSize = chunkSize;
    }

    /**
     * Removes the chunks of uploads older than {@code age}: what writers that died mid-artifact
     * left. Each upload goes in a transaction of its own.
     *
     * @return how many uploads were removed
     */
    public int removeStaleUploads(Duration age) {
        long cutoff = System.currentTimeMillis() - age.toMillis();
        List<String> stale = db.read("find interrupted artifact uploads", c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT blob_id FROM mlops_artifact_uploads WHERE started_at < ?")) {
                s.setLong(1, cutoff);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
        for (String blobId : stale) {
            db.transaction("remove an interrupted artifact upload", c -> {
                discard(c, blobId);
                return null;
            });
        }
        if (!stale.isEmpty()) {
            log.debug("Removed {} interrupted artifact uploads from {}", stale.size(), db.shownUrl());
        }
        return stale.size();
    }

    @Override
    public StoredArtifact put(InputStream content) {
        byte[] buffer = new byte[chunkSize];
        int first = readFully(content, buffer);
        if (first < buffer.length) {
            // The whole artifact is in memory, so this transaction may run again after a transient
            // failure, and content already stored intact is found before anything is written.
            MessageDigest sha = StoredArtifact.newSha256();
            sha.update(buffer, 0, first);
            StoredArtifact whole = new StoredArtifact(StoredArtifact.hex(sha.digest()), first);
            for (int attempt = 1; ; attempt++) {
                try {
                    return db.transaction("store an artifact", c -> {
                        StoredCopy copy = storedCopy(c, whole.sha256());
                        if (copy != null && intact(c, whole, copy)) {
                            touch(c, whole.sha256());
                            return whole;
                        }
                        String blobId = newBlobId();
                        insertChunk(c, blobId, 0, buffer, first);
                        return publish(c, whole, blobId, 1, copy);
                    });
                } catch (Database.CommitOutcomeUnknownException e) {
                    if (savedIntact(whole)) {
                        return whole;
                    }
                    if (!e.transientConnectionFailure() || attempt >= Database.MAX_ATTEMPTS) {
                        throw notSaved(e);
                    }
                }
            }
        }
        return putChunked(content, buffer, first);
    }

    /** Stores an artifact larger than one chunk as an upload; see the class comment. */
    private StoredArtifact putChunked(InputStream content, byte[] buffer, int first) {
        String blobId = newBlobId();
        db.transaction("start storing an artifact", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO mlops_artifact_uploads (blob_id, started_at) VALUES (?, ?)")) {
                s.setString(1, blobId);
                s.setLong(2, System.currentTimeMillis());
                s.executeUpdate();
            }
            return null;
        });
        StoredArtifact artifact = null;
        try {
            MessageDigest sha = StoredArtifact.newSha256();
            long size = 0;
            int chunks = 0;
            for (int n = first; n > 0; n = buffer.length == n ? readFully(content, buffer) : 0) {
                sha.update(buffer, 0, n);
                size += n;
                int seq = chunks++;
                int length = n;
                // replaces the row, so that running it again after a lost commit changes nothing
                db.transaction("store chunk " + seq + " of an artifact", c -> {
                    deleteChunk(c, blobId, seq);
                    insertChunk(c, blobId, seq, buffer, length);
                    return null;
                });
            }
            artifact = new StoredArtifact(StoredArtifact.hex(sha.digest()), size);
            StoredArtifact whole = artifact;
            int count = chunks;
            return db.transaction("store an artifact", c -> {
                requireUpload(c, blobId);
                StoredCopy copy = storedCopy(c, whole.sha256());
                if (copy == null || !intact(c, whole, copy)) {
                    publish(c, whole, blobId, count, copy);
                } else {
                    touch(c, whole.sha256());
                }
                // keeps the chunks when they became the artifact's, removes them when another
                // writer's copy won
                discard(c, blobId);
                return whole;
            });
        } catch (Database.CommitOutcomeUnknownException e) {
            if (artifact != null && savedIntact(artifact)) {
                discardQuietly(blobId);
                return artifact;
            }
            discardQuietly(blobId);
            throw notSaved(e);
        } catch (RuntimeException | Error e) {
            discardQuietly(blobId);
            throw e;
        }
    }

    /**
     * Locks an upload's record, failing when it is gone: a later open took the upload for one whose
     * writer died, and removed chunks of it.
     */
    private static void requireUpload(Connection c, String blobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT blob_id FROM mlops_artifact_uploads WHERE blob_id = ? FOR UPDATE")) {
            s.setString(1, blobId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StorageException("storing the artifact took longer than "
                            + STALE_UPLOAD_AGE.toMinutes() + " minutes, and another process removed"
                            + " its chunks as those of an interrupted upload; store it again");
                }
            }
        }
    }

    /** Removes an upload's chunks and its record, unless the chunks became an artifact's. */
    private static void discard(Connection c, String blobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM mlops_artifact_chunks WHERE blob_id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM mlops_artifacts WHERE blob_id = ?)")) {
            s.setString(1, blobId);
            s.setString(2, blobId);
            s.executeUpdate();
        }
        deleteUpload(c, blobId);
    }

    private static void deleteUpload(Connection c, String blobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM mlops_artifact_uploads WHERE blob_id = ?")) {
            s.setString(1, blobId);
            s.executeUpdate();
        }
    }

    /** Discards an upload on a path that is already failing; a later open removes what is left. */
    private void discardQuietly(String blobId) {
        try {
            db.transaction("discard an artifact upload", c -> {
                discard(c, blobId);
                return null;
            });
        } catch (RuntimeException e) {
            log.debug("Cannot discard artifact upload {}; a later open removes it", blobId, e);
        }
    }

    /** Whether the artifact is stored, whole: after a commit whose outcome is unknown. */
    private boolean savedIntact(StoredArtifact artifact) {
        return db.read("check whether artifact " + artifact.sha256() + " was saved", c -> {
            StoredCopy copy = storedCopy(c, artifact.sha256());
            return copy != null && intact(c, artifact, copy);
        });
    }

    private StorageException notSaved(Database.CommitOutcomeUnknownException e) {
        return new StorageException("the connection to " + db.shownUrl() + " failed while"
                + " committing an artifact; it was not saved", e.getCause());
    }

    private static String newBlobId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Where the bytes of an artifact are. */
    private record StoredCopy(String blobId, int chunkCount, long sizeBytes) {
    }

    /**
     * Marks stored bytes as stored now ({@code created_at} is when the bytes were last put), so that
     * garbage collection keeps them for its grace period while the registration that put them
     * commits its version.
     */
    private static void touch(Connection c, String sha256) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mlops_artifacts SET created_at = ? WHERE sha256 = ?")) {
            s.setLong(1, System.currentTimeMillis());
            s.setString(2, sha256);
            s.executeUpdate();
        }
    }

    @Override
    public Set<String> digests() {
        return db.read("list the artifacts", c -> {
            Set<String> digests = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT sha256 FROM mlops_artifacts");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    digests.add(rs.getString(1));
                }
            }
            return digests;
        });
    }

    /**
     * Deletes an artifact's row and chunks in one transaction, after locking the row: a put that
     * found the bytes holds the same lock while it marks them as stored now, so the two are
     * ordered, and a put after the removal finds no row and stores the bytes again.
     */
    @Override
    public boolean remove(String sha256, Duration grace) {
        StoredArtifact.requireDigest(sha256);
        return db.transaction("remove artifact " + sha256, c -> {
            String blobId;
            try (PreparedStatement s = c.prepareStatement("SELECT blob_id, created_at FROM mlops_artifacts"
                    + " WHERE sha256 = ? FOR UPDATE")) {
                s.setString(1, sha256);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || rs.getLong(2) > System.currentTimeMillis() - grace.toMillis()) {
                        return false;
                    }
                    blobId = rs.getString(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM mlops_artifacts WHERE sha256 = ?")) {
                s.setString(1, sha256);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM mlops_artifact_chunks WHERE blob_id = ?")) {
                s.setString(1, blobId);
                s.executeUpdate();
            }
            return true;
        });
    }

    /**
     * The stored copy of an artifact, locked until the transaction ends (so that two writers that
     * find it damaged do not both replace it), or null.
     */
    private static StoredCopy storedCopy(Connection c, String sha256) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT blob_id, chunk_count, size_bytes"
                + " FROM mlops_artifacts WHERE sha256 = ? FOR UPDATE")) {
            s.setString(1, sha256);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new StoredCopy(rs.getString(1), rs.getInt(2), rs.getLong(3)) : null;
            }
        }
    }

    /**
     * Whether a stored copy still has the bytes of its digest. Storing bytes again is how a damaged
     * copy (a bad disk, an edit behind the store's back) gets repaired, so a copy is checked, one
     * chunk at a time, before it is trusted instead of the bytes in hand.
     */
    private boolean intact(Connection c, StoredArtifact artifact, StoredCopy copy)
            throws SQLException {
        MessageDigest sha = StoredArtifact.newSha256();
        long size = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + db.dialect().chunkBytes("data")
                        + " FROM mlops_artifact_chunks WHERE blob_id = ? AND seq = ?")) {
            for (int seq = 0; seq < copy.chunkCount(); seq++) {
                s.setString(1, copy.blobId());
                s.setInt(2, seq);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    byte[] data = rs.getBytes(1);
                    sha.update(data);
                    size += data.length;
                }
            }
        }
        return size == artifact.sizeBytes() && copy.sizeBytes() == artifact.sizeBytes()
                && StoredArtifact.hex(sha.digest()).equals(artifact.sha256());
    }

    /**
     * Makes the chunks written under {@code blobId} the artifact's bytes: a new artifact row, or, when
     * the stored copy is damaged, the row pointed at the new chunks and the damaged ones deleted.
     */
    private StoredArtifact publish(Connection c, StoredArtifact artifact, String blobId, int chunks,
            StoredCopy damaged) throws SQLException {
        if (damaged != null) {
            try (PreparedStatement s = c.prepareStatement("UPDATE mlops_artifacts SET blob_id = ?,"
                    + " chunk_count = ?, size_bytes = ? WHERE sha256 = ?")) {
                s.setString(1, blobId);
                s.setInt(2, chunks);
                s.setLong(3, artifact.sizeBytes());
                s.setString(4, artifact.sha256());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM mlops_artifact_chunks WHERE blob_id = ?")) {
                s.setString(1, damaged.blobId());
                s.executeUpdate();
            }
            log.warn("Replaced the damaged stored copy of artifact {} in {}", artifact.sha256(),
                    db.shownUrl());
            return artifact;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mlops_artifacts (sha256, size_bytes,"
                + " chunk_count, blob_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, artifact.sha256());
            s.setLong(2, artifact.sizeBytes());
            s.setInt(3, chunks);
            s.setString(4, blobId);
            s.setLong(5, System.currentTimeMillis());
            s.executeUpdate();
        } catch (SQLException e) {
            // Another writer stored the same bytes and committed first: theirs will do.
            c.rollback();
            if (db.dialect().isTransient(e) && storedCopy(c, artifact.sha256()) != null) {
                c.rollback();
                return artifact;
            }
            throw e;
        }
        log.debug("Stored artifact {} ({} bytes in {} chunks)", artifact.sha256(),
                artifact.sizeBytes(), chunks);
        return artifact;
    }

    private static void deleteChunk(Connection c, String blobId, int seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM mlops_artifact_chunks WHERE blob_id = ? AND seq = ?")) {
            s.setString(1, blobId);
            s.setInt(2, seq);
            s.executeUpdate();
        }
    }

    private static void insertChunk(Connection c, String blobId, int seq, byte[] buffer, int length)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO mlops_artifact_chunks (blob_id, seq, data) VALUES (?, ?, ?)")) {
            s.setString(1, blobId);
            s.setInt(2, seq);
            s.setBinaryStream(3, new ByteArrayInputStream(buffer, 0, length), length);
            s.executeUpdate();
        }
    }

    /** Reads until the buffer is full or the stream ends; returns how many bytes were read. */
    private static int readFully(InputStream in, byte[] buffer) {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new StorageException("cannot read the artifact being stored: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String sha256) {
        StoredArtifact.requireDigest(sha256);
        // The first chunk comes with the artifact row: one round trip for most models.
        ChunkStream stream = db.read("open artifact " + sha256, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT a.blob_id, a.chunk_count, "
                    + db.dialect().chunkBytes("c.data")
                    + " FROM mlops_artifacts a LEFT JOIN mlops_artifact_chunks c"
                    + " ON c.blob_id = a.blob_id AND c.seq = 0 WHERE a.sha256 = ?")) {
                s.setString(1, sha256);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    return new ChunkStream(sha256, rs.getString(1), rs.getInt(2), rs.getBytes(3));
                }
            }
        });
        if (stream == null) {
            throw new ModelNotFoundException("no artifact with sha256 " + sha256 + " in "
                    + db.shownUrl());
        }
        return stream;
    }

    /** The bytes of an artifact, fetching one chunk at a time on a briefly borrowed connection. */
    private final class ChunkStream extends InputStream {
        private final String sha256;
        private final String blobId;
        private final int chunkCount;
        private byte[] chunk;
        private int nextChunk = 1;
        private int pos;

        ChunkStream(String sha256, String blobId, int chunkCount, byte[] first) {
            this.sha256 = sha256;
            this.blobId = blobId;
            this.chunkCount = chunkCount;
            this.chunk = first == null && chunkCount > 0 ? null : first == null ? new byte[0] : first;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (chunk == null || pos == chunk.length) {
                if (chunk == null) {
                    throw new IOException("artifact " + sha256 + " is missing its chunk 0");
                }
                if (nextChunk >= chunkCount) {
                    return -1;
                }
                chunk = fetch(nextChunk++);
                pos = 0;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        private byte[] fetch(int seq) throws IOException {
            byte[] data;
            try {
                data = db.read("read chunk " + seq + " of artifact " + sha256, c -> {
                    try (PreparedStatement s = c.prepareStatement("SELECT "
                            + db.dialect().chunkBytes("data") + " FROM"
                            + " mlops_artifact_chunks WHERE blob_id = ? AND seq = ?")) {
                        s.setString(1, blobId);
                        s.setInt(2, seq);
                        try (ResultSet rs = s.executeQuery()) {
                            return rs.next() ? rs.getBytes(1) : null;
                        }
                    }
                });
            } catch (StorageException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (data == null) {
                throw new IOException("artifact " + sha256 + " is missing its chunk " + seq + " of "
                        + chunkCount);
            }
            return data;
        }

        @Override
        public void close() {
            chunk = new byte[0];
            pos = 0;
            nextChunk = chunkCount;
        }
    }

}
