package dev.mlops.training;

/** Where a training job is in its life. */
public enum JobStatus {
    /** Submitted, waiting for a worker. */
    QUEUED,
    /** Being trained. */
    RUNNING,
    /** Finished with a model (and a registered version, when one was asked for). */
    SUCCEEDED,
    /** Stopped by an error or by its timeout; the job's error says which. */
    FAILED,
    /** Stopped by {@link TrainingJob#cancel()}. */
    CANCELLED;

    /** Whether the job has ended and will not change again. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
