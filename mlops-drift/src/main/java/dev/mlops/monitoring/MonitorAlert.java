package dev.mlops.monitoring;

import dev.mlops.drift.Severity;
import java.util.Objects;

/**
 * Something a monitor window found that someone should act on.
 *
 * @param kind what was found
 * @param severity how bad it is
 * @param action what to do about it
 * @param message one sentence with the numbers
 */
public record MonitorAlert(Kind kind, Severity severity, Action action, String message) {

    public MonitorAlert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(message, "message");
    }

    /** What a window found. */
    public enum Kind {
        /** The inputs no longer look like the data the version was trained from. */
        INPUT_DRIFT,
        /** The predicted labels are distributed unlike at validation time. */
        PREDICTION_DRIFT,
        /** A live metric fell below its validation-time value by more than tolerated. */
        METRIC_DROP
    }

    /** The recommended response. */
    public enum Action {
        /** Look at the data: the model may still be fine. */
        INVESTIGATE,
        /** Train a new version on recent data. */
        RETRAIN
    }
}
