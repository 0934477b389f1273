package dev.mlops.online;

/** Why a retraining started. */
public enum TriggerKind {
    /** {@link Trigger#bufferFull()}. */
    BUFFER_FULL("buffer-full"),
    /** {@link Trigger#accuracyDrop(double)}. */
    ACCURACY_DROP("accuracy-drop"),
    /** {@link Trigger#drift()}: the error stream's detector. */
    DRIFT("drift"),
    /** A data-drift alert from a {@link dev.mlops.drift.DriftMonitor}. */
    DATA_DRIFT("data-drift"),
    /** {@link Trigger#newData(long)}. */
    NEW_DATA("new-data"),
    /** {@link Trigger#freshness(java.time.Duration)}. */
    FRESHNESS("freshness"),
    /** {@link Trigger#schedule(java.time.Duration)}. */
    SCHEDULE("schedule"),
    /** Asked for by a caller. */
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
