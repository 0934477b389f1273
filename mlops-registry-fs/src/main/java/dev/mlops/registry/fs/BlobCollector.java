package dev.mlops.registry.fs;

import dev.mlops.registry.StorageException;
import dev.mlops.spi.StoredArtifact;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes artifact files without racing registrations. A put always publishes a fresh file, so a
 * blob's modification time is when it was last put. Removal first renames the blob into the temp
 * directory (atomically: a put after the rename publishes a new blob), then looks at the moved
 * file's time: put within the grace period, it is moved back (unless a newer put already replaced
 * it); else it is deleted. A process killed between the two steps leaves the moved file, which the
 * next open of the store puts back when the blob is missing.
 */
final class BlobCollector {

    private static final Logger log = LoggerFactory.getLogger(BlobCollector.class);
    private static final String PREFIX = "collect-";
    private static final Pattern MOVED = Pattern.compile(PREFIX + "([0-9a-f]{64})-.*");

    private final Path blobs;
    private final Path tmp;
    private final DurableFiles files;

    BlobCollector(Path blobs, Path tmp, DurableFiles files) {
        this.blobs = blobs;
        this.tmp = tmp;
        this.files = files;
    }

    private Path blob(String sha256) {
        StoredArtifact.requireDigest(sha256);
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** The digests of the stored blobs. */
    Set<String> digests() {
        Set<String> digests = new HashSet<>();
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(blobs)) {
            for (Path prefix : prefixes) {
                try (DirectoryStream<Path> inside = Files.newDirectoryStream(prefix)) {
                    for (Path blob : inside) {
                        String name = blob.getFileName().toString();
                        if (name.length() == 64 && name.startsWith(prefix.getFileName().toString())) {
                            digests.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException("could not list the artifacts in " + blobs + ": " + e, e);
        }
        return digests;
    }

    /** Removes a blob put longer than {@code grace} ago; see the class comment. */
    boolean remove(String sha256, Duration grace) {
        Path blob = blob(sha256);
        Path moved = tmp.resolve(PREFIX + sha256 + "-" + UUID.randomUUID() + ".tmp");
        try {
            Files.move(blob, moved, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("could not move artifact " + blob + " aside: " + e, e);
        }
        try {
            Instant put = Files.getLastModifiedTime(moved).toInstant();
            if (put.isAfter(Instant.now().minus(grace))) {
                putBack(moved, blob);
                return false;
            }
            Files.delete(moved);
            files.syncDirectory(blob.getParent());
            return true;
        } catch (NoSuchFileException e) {
            return false;  // another process's open put it back meanwhile
        } catch (IOException e) {
            putBack(moved, blob);
            throw new StorageException("could not remove artifact " + blob + ": " + e, e);
        }
    }

    /** Moves a blob back, unless a put published it again meanwhile (then the moved copy goes). */
    private void putBack(Path moved, Path blob) {
        try {
            if (Files.exists(blob)) {
                Files.deleteIfExists(moved);
            } else {
                Files.move(moved, blob, StandardCopyOption.ATOMIC_MOVE);
                files.syncDirectory(blob.getParent());
            }
        } catch (NoSuchFileException e) {
            log.debug("{} was put back by another process", moved);
        } catch (IOException e) {
            throw new StorageException("could not put artifact " + blob + " back from " + moved + ": " + e, e);
        }
    }

    /** Puts back the blobs a collecting process moved aside and did not finish with (it died). */
    void recover() {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path moved : left) {
                Matcher m = MOVED.matcher(moved.getFileName().toString());
                if (m.matches()) {
                    Path blob = blob(m.group(1));
                    files.createDirectory(blob.getParent());
                    putBack(moved, blob);
                    log.info("Put back artifact {}, moved aside by a collection that did not finish", m.group(1));
                }
            }
        } catch (IOException e) {
            throw new StorageException("could not look for artifacts moved aside in " + tmp + ": " + e, e);
        }
    }
}
