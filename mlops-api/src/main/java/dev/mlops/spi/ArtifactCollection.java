package dev.mlops.spi;

import java.time.Duration;
import java.util.Set;

/**
 * What a {@link ModelStore} that can remove artifact bytes also does (the registry checks with
 * {@code instanceof}). The registry decides which bytes no version references; the store keeps the
 * bytes that a registration may be using: {@link ModelStore#putArtifact} marks the bytes as stored
 * now, also when they were there already, and bytes stored more recently than a grace period are
 * never removed. A registration puts its bytes and commits its version well within the grace
 * period, so garbage collection never takes bytes from under it.
 */
public interface ArtifactCollection {

    /** The digest of every artifact stored. */
    Set<String> artifactDigests();

    /**
     * Removes the bytes stored under a digest unless they were stored (put) less than {@code grace}
     * ago by the store's clock, deciding and removing in one step that a concurrent
     * {@link ModelStore#putArtifact} of the same bytes cannot slip between: afterwards either the
     * bytes are gone and no put returned in between, or they are there.
     *
     * @return whether the bytes were removed
     */
    boolean removeArtifact(String sha256, Duration grace);
}
