package dev.mlops.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a version performed in production over some period.
 *
 * <p>Construction throws {@link IllegalArgumentException} when a metric breaks a rule of
 * {@link Limits}, the count is negative or the instance is blank or too long.
 *
 * @param time the end of the period measured, truncated to milliseconds
 * @param metrics metric values, e.g. {@code accuracy}; finite
 * @param sampleCount how many predictions the values are computed from
 * @param instance the service instance that measured, e.g. {@code web-1}; {@code null} when not named
 * @param drift the input drift of the period against the version's training data; {@code null} when
 *     the inputs were not checked
 */
public record PerformanceRecord(Instant time, Map<String, Double> metrics, long sampleCount, String instance,
        DriftSummary drift) {

    public PerformanceRecord {
        time = time.truncatedTo(ChronoUnit.MILLIS);
        metrics = Limits.requireMetrics(Map.copyOf(metrics));
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sample count must not be negative, got " + sampleCount);
        }
        if (instance != null) {
            Limits.requireLine("instance", instance, Limits.MAX_ACTOR_LENGTH);
            if (instance.isBlank()) {
                throw new IllegalArgumentException("instance must not be blank (null when not named)");
            }
        }
    }

    /** A record of no named instance and without a drift check. */
    public PerformanceRecord(Instant time, Map<String, Double> metrics, long sampleCount) {
        this(time, metrics, sampleCount, null, null);
    }

    /**
     * The input drift of a period: the largest severity of a feature, the share of the features that
     * drifted, which ones, and whether the predicted labels drifted.
     *
     * @param maxSeverity one of {@link #SEVERITIES} (the names of {@code dev.mlops.drift.Severity})
     * @param driftedShare share of the features checked that drifted, in [0, 1]
     * @param driftedFeatures the features that drifted, in the order checked
     * @param predictionPValue the p-value of the predicted labels against validation time's, in
     *     [0, 1]; {@code null} when not tested
     */
    public record DriftSummary(String maxSeverity, double driftedShare, List<String> driftedFeatures,
            Double predictionPValue) {

        /** The severities, lowest first. */
        public static final List<String> SEVERITIES = List.of("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");

        public DriftSummary {
            Objects.requireNonNull(maxSeverity, "maxSeverity");
            if (!SEVERITIES.contains(maxSeverity)) {
                throw new IllegalArgumentException("drift severity must be one of " + SEVERITIES + ", got '"
                        + maxSeverity + "'");
            }
            if (!(driftedShare >= 0 && driftedShare <= 1)) {
                throw new IllegalArgumentException("drifted share must be in [0, 1], got " + driftedShare);
            }
            driftedFeatures = List.copyOf(driftedFeatures);
            driftedFeatures.forEach(f -> Limits.requireKey("drifted feature", f));
            if (driftedFeatures.size() > Limits.MAX_ENTRIES) {
                throw new IllegalArgumentException("at most " + Limits.MAX_ENTRIES + " drifted features, got "
                        + driftedFeatures.size());
            }
            if (predictionPValue != null && !(predictionPValue >= 0 && predictionPValue <= 1)) {
                throw new IllegalArgumentException("prediction p-value must be in [0, 1], got " + predictionPValue);
            }
        }
    }
}
