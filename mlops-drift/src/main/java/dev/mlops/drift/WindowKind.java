package dev.mlops.drift;

/** How a {@link DriftMonitor} window moves. */
public enum WindowKind {
    /** The last k values; each new value pushes out the oldest. */
    SLIDING,
    /** Consecutive, non-overlapping blocks of k values; a check judges the last completed block. */
    TUMBLING
}
