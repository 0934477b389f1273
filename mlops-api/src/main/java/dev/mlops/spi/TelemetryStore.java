package dev.mlops.spi;

import dev.mlops.fleet.TelemetryBucket;
import java.util.List;

/**
 * A store that keeps telemetry buckets for a fleet: an optional capability of a
 * {@link ModelStore} (callers test with {@code instanceof}). Safe for many threads and processes.
 */
public interface TelemetryStore {

    /**
     * Stores a bucket, replacing the one with the same kind, subject, instance and window: writing
     * the same bucket twice leaves one. A reader sees the old bucket or the new one, never a part.
     *
     * @throws dev.mlops.registry.StorageException if the store fails
     */
    void putBucket(TelemetryBucket bucket);

    /**
     * Every bucket of a subject, ordered by window, then instance.
     *
     * @throws dev.mlops.registry.StorageException if the store fails
     */
    List<TelemetryBucket> buckets(String kind, String subject);
}
