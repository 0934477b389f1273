package dev.mlops.registry.jdbc.internal;

import dev.mlops.spi.StoredArtifact;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;

/** Where a JDBC store keeps artifact bytes: in the database, or in a blob directory. */
public interface Artifacts {

    /** Stores the bytes under their SHA-256, streaming; durable when this returns. */
    StoredArtifact put(InputStream content);

    /**
     * The bytes stored under a digest.
     *
     * @throws dev.mlops.registry.ModelNotFoundException when there are none
     */
    InputStream open(String sha256);

    /** The digest of every artifact stored. */
    Set<String> digests();

    /**
     * Removes the bytes under a digest unless they were stored (put) less than {@code grace} ago;
     * see {@link dev.mlops.spi.ArtifactCollection#removeArtifact}.
     *
     * @return whether the bytes were removed
     */
    boolean remove(String sha256, Duration grace);
}
