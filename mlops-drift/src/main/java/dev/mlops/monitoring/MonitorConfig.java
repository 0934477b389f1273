package dev.mlops.monitoring;

import dev.mlops.drift.DriftConfig;
import dev.mlops.drift.Severity;
import java.util.Objects;

/**
 * How a {@link ModelMonitor} judges its windows.
 *
 * @param windowSize predictions with ground truth per window; the window closes when it has that many
 * @param maxPending predictions kept waiting for their ground truth; beyond it the oldest is dropped
 * @param metricDrop how far a live metric may fall below its validation-time value (absolute; for log
 *     loss, rise above it) before the window counts as degraded
 * @param driftSeverity input drift at or above this severity makes the window degraded
 * @param drift how input drift is tested against the stored profile
 */
public record MonitorConfig(int windowSize, int maxPending, double metricDrop, Severity driftSeverity,
        DriftConfig drift) {

    /** @throws IllegalArgumentException naming the bad value */
    public MonitorConfig {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1, got " + windowSize);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("max pending must be at least 1, got " + maxPending);
        }
        if (!(metricDrop >= 0 && metricDrop < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("metric drop must be a finite number ≥ 0, got " + metricDrop);
        }
        Objects.requireNonNull(driftSeverity, "driftSeverity");
        if (driftSeverity == Severity.NONE) {
            throw new IllegalArgumentException("drift severity must be LOW or above: NONE would flag every window");
        }
        Objects.requireNonNull(drift, "drift");
    }

    /** Windows of 1,000, up to 100,000 pending, a drop of 0.05 and MEDIUM drift count as degradation. */
    public static MonitorConfig defaults() {
        return new MonitorConfig(1_000, 100_000, 0.05, Severity.MEDIUM, DriftConfig.defaults());
    }

    /** The same with another window size. */
    public MonitorConfig withWindowSize(int value) {
        return new MonitorConfig(value, maxPending, metricDrop, driftSeverity, drift);
    }

    /** The same with another bound on pending predictions. */
    public MonitorConfig withMaxPending(int value) {
        return new MonitorConfig(windowSize, value, metricDrop, driftSeverity, drift);
    }

    /** The same with another tolerated metric drop. */
    public MonitorConfig withMetricDrop(double value) {
        return new MonitorConfig(windowSize, maxPending, value, driftSeverity, drift);
    }

    /** The same with another degrading drift severity. */
    public MonitorConfig withDriftSeverity(Severity value) {
        return new MonitorConfig(windowSize, maxPending, metricDrop, value, drift);
    }

    /** The same with another drift configuration. */
    public MonitorConfig withDrift(DriftConfig value) {
        return new MonitorConfig(windowSize, maxPending, metricDrop, driftSeverity, value);
    }
}
