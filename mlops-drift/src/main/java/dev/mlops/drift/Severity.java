package dev.mlops.drift;

/** How large a drift is, from its effect size; see {@link SeverityScale}. */
public enum Severity {
    NONE, LOW, MEDIUM, HIGH, CRITICAL;

    /** The larger of two severities. */
    public Severity max(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
