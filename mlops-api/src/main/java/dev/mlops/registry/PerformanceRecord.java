package dev.mlops.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * How a version performed in production over some period.
 *
 * <p>Construction throws {@link IllegalArgumentException} when a metric breaks a rule of
 * {@link Limits} or the count is negative.
 *
 * @param time the end of the period measured, truncated to milliseconds
 * @param metrics metric values, e.g. {@code accuracy}; finite
 * @param sampleCount how many predictions the values are computed from
 */
public record PerformanceRecord(Instant time, Map<String, Double> metrics, long sampleCount) {

    public PerformanceRecord {
        time = time.truncatedTo(ChronoUnit.MILLIS);
        metrics = Limits.requireMetrics(Map.copyOf(metrics));
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sample count must not be negative, got " + sampleCount);
        }
    }
}
