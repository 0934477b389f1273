package dev.mlops.online;

/** Why a retraining started: the kinds of {@link Trigger}, plus manual. */
public enum TriggerKind {
    /** {@link Trigger#bufferFull()}. */
    BUFFER_FULL("buffer-full"),
    /** {@link Trigger#accuracyDrop(double)}: a drop of accuracy. */
    ACCURACY_DROP("accuracy-drop"),
    /** {@link Trigger#metricDrop}: a drop of another metric. */
    METRIC_DROP("metric-drop"),
    /** {@link Trigger#drift()}: the error stream's detector. */
    DRIFT("drift"),
    /** {@link Trigger#dataDrift}: input drift, e.g. a {@link dev.mlops.drift.DriftMonitor}'s alert. */
    DATA_DRIFT("data-drift"),
    /** {@link Trigger#newData(long)}. */
    NEW_DATA("new-data"),
    /** {@link Trigger#freshness(java.time.Duration)}. */
    FRESHNESS("freshness"),
    /** {@link Trigger#schedule(java.time.Duration)}. */
    SCHEDULE("schedule"),
    /** Asked for by a caller, or a policy that retrains on every run. */
    MANUAL("manual");

    private final String id;

    TriggerKind(String id) {
        this.id = id;
    }

    /** The name in events, registry tags and params, e.g. {@code accuracy-drop}. */
    public String id() {
        return id;
    }
}
