package dev.mlops.registry.jdbc.internal;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.StorageException;
import dev.mlops.spi.StoredArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifacts in a blob directory outside the database (for example a filesystem every instance
 * mounts), at {@code <dir>/<first two hex digits>/<sha256>}. A write streams into a temporary file in
 * {@code <dir>/.tmp} while hashing, forces it to disk, moves it into place atomically and forces the
 * directory, so that a blob is either whole or absent, even after a crash. Storing bytes that are
 * already there replaces the file, which repairs a damaged copy.
 */
public final class FileArtifacts implements Artifacts {

    private static final Logger log = LoggerFactory.getLogger(FileArtifacts.class);

    private final Path dir;

    /** Artifacts under {@code dir}, which is created if missing. */
    public FileArtifacts(Path dir) {
        this.dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(this.dir.resolve(".tmp"));
        } catch (IOException e) {
            throw new StorageException("cannot create the blob directory " + this.dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Where the blob with this digest lives. */
    private Path path(String sha256) {
        StoredArtifact.requireDigest(sha256);
        return dir.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    @Override
    public StoredArtifact put(InputStream content) {
        Path temp = null;
        try {
            temp = Files.createTempFile(dir.resolve(".tmp"), "upload-", ".part");
            MessageDigest sha = StoredArtifact.newSha256();
            long size = 0;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = content.read(buffer)) >= 0) {
                    sha.update(buffer, 0, n);
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    size += n;
                }
                out.force(true);
            }
            StoredArtifact artifact = new StoredArtifact(StoredArtifact.hex(sha.digest()), size);
            // Always moved into place, also over an existing blob: the bytes just written are known
            // good, while the blob there may have been damaged since; readers that have the old
            // file open keep reading it.
            Path target = path(artifact.sha256());
            if (!Files.isDirectory(target.getParent())) {
                Files.createDirectories(target.getParent());
                syncDirectory(dir);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StorageException("the blob directory " + dir + " does not support atomic"
                        + " moves, which a crash-safe store needs", e);
            }
            temp = null;
            syncDirectory(target.getParent());
            log.debug("Stored blob {} ({} bytes)", artifact.sha256(), size);
            return artifact;
        } catch (IOException e) {
            throw new StorageException("cannot store an artifact in " + dir + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.debug("Cannot remove {}", temp, e);
                }
            }
        }
    }

    @Override
    public InputStream open(String sha256) {
        Path path = path(sha256);
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException("no artifact with sha256 " + sha256 + " in " + dir);
        } catch (IOException e) {
            throw new StorageException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** Makes a rename in a directory durable. Not possible on every platform, e.g. Windows. */
    private static void syncDirectory(Path directory) {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("Cannot force directory {} to disk: {}", directory, e.toString());
        }
    }

    /**
     * Not supported: removing blobs from a shared directory without racing the puts of other
     * processes needs the directory's own protocol, which this store does not have yet.
     *
     * @throws MlopsConfigurationException always
     */
    @Override
    public Set<String> digests() {
        throw unsupported();
    }

    /** Not supported; see {@link #digests()}. */
    @Override
    public boolean remove(String sha256, Duration grace) {
        throw unsupported();
    }

    private MlopsConfigurationException unsupported() {
        return new MlopsConfigurationException("removing artifacts from the blob directory " + dir
                + " is not supported; keep artifacts in the database to delete their bytes");
    }
}
