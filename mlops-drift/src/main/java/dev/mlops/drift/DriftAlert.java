package dev.mlops.drift;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A feature that a {@link DriftMonitor} check found drifted.
 *
 * @param time      when the check ran (the monitor's clock)
 * @param feature   feature name
 * @param severity  LOW to CRITICAL
 * @param test      the deciding test
 * @param statistic its statistic
 * @param pValue    its p-value, when it has one
 * @param message   a one-line human-readable summary
 */
public record DriftAlert(Instant time, String feature, Severity severity, TestMethod test, double statistic,
                         OptionalDouble pValue, String message) {

    /** @throws IllegalArgumentException on a null part */
    public DriftAlert {
        if (time == null || feature == null || severity == null || test == null || pValue == null || message == null) {
            throw new IllegalArgumentException("all parts are required");
        }
    }
}
