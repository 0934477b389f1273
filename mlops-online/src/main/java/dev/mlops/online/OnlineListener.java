package dev.mlops.online;

/**
 * Receives an online learner's events and metrics once added with
 * {@link OnlineLearner#addListener} (or {@link Simulation#addListener}), on the learner's writer
 * thread (in a simulation, on the caller's). Keep it quick: updates wait while it runs. An
 * exception thrown here is logged, counted as a failure, and does not stop the learner or other
 * listeners.
 */
@FunctionalInterface
public interface OnlineListener {

    /** Called for every event, in order. */
    void onEvent(OnlineEvent event);

    /** Called with fresh metrics every metrics window of labelled examples; does nothing by default. */
    default void onMetrics(LearnerMetrics metrics) {
    }
}
