package dev.mlops.training;

import java.util.Objects;
import java.util.Optional;

/**
 * Something the data check before training found.
 *
 * @param severity whether training can go on
 * @param kind a stable identifier: {@code missing-labels}, {@code too-few-classes}, {@code rare-class},
 *     {@code imbalance}, {@code all-missing}, {@code constant}, {@code missing-values},
 *     {@code mostly-numeric}, {@code high-cardinality}, {@code no-features}
 * @param column the column concerned, if one is
 * @param message what was found and what the trainer does about it
 */
public record DataIssue(Severity severity, String kind, Optional<String> column, String message) {

    /** Whether training can go on despite an issue. */
    public enum Severity {
        /** Reported; training goes on (a dropped column, rows left out). */
        WARNING,
        /** Training cannot work; it does not start. */
        FATAL
    }

    public DataIssue {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(message, "message");
    }
}
