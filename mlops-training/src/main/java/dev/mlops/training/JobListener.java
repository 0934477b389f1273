package dev.mlops.training;

/**
 * Follows a training job: called with the job's state at once when added, then after every change
 * (status, progress, step), in order, on the thread that made the change. Keep it quick; an
 * exception it throws is logged and does not affect the job.
 */
@FunctionalInterface
public interface JobListener {

    /** The job's state changed to {@code state}. */
    void changed(JobState state);
}
