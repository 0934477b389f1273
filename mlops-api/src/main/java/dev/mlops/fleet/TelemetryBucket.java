package dev.mlops.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * One instance's counts of one subject for one window, as the instance last flushed them. A
 * store keeps one bucket per (kind, subject, instance, window): a flush replaces the bucket,
 * never adds to it, so a retried or repeated flush counts once. The payload is opaque to the
 * store; readers merge the buckets of every instance.
 *
 * @param kind      what is counted: {@value #EXPERIMENT} or {@value #MONITOR} ({@link FleetNames})
 * @param subject   the experiment's or monitor's id
 * @param instance  the service instance that counted
 * @param window    the window's start, epoch milliseconds (or any non-negative window number)
 * @param writtenAt when the instance flushed it
 * @param payload   the counts, a JSON document of at most {@value #MAX_PAYLOAD} characters
 */
public record TelemetryBucket(String kind, String subject, String instance, long window, Instant writtenAt,
                              String payload) {

    /** The kind of an experiment's counts. */
    public static final String EXPERIMENT = "experiment";
    /** The kind of a drift monitor's window summaries. */
    public static final String MONITOR = "monitor";
    /** The largest payload a store must accept. */
    public static final int MAX_PAYLOAD = 4 << 20;

    /**
     * @throws IllegalArgumentException if a name is invalid, the window negative or the payload
     *                                  empty or too long
     */
    public TelemetryBucket {
        FleetNames.requireValid("telemetry kind", kind);
        FleetNames.requireValid(kind + " id", subject);
        FleetNames.requireValid("instance", instance);
        if (window < 0) {
            throw new IllegalArgumentException("window must not be negative, was " + window);
        }
        Objects.requireNonNull(writtenAt, "writtenAt");
        if (payload == null || payload.isEmpty() || payload.length() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload must hold 1 to " + MAX_PAYLOAD + " characters");
        }
    }
}
