package dev.mlops.registry.jdbc.internal;

import dev.mlops.spi.StoredArtifact;
import java.io.InputStream;

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
}
