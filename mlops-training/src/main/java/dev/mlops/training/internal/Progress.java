package dev.mlops.training.internal;

/** Where a training run reports its progress, and learns whether it should stop. */
public interface Progress {

    /**
     * Reports the current step.
     *
     * @param percent 0 to 100
     * @throws Stopped when the job was cancelled or timed out: the run must end
     */
    void report(String step, int percent);

    /** Thrown by {@link #report} to end a run whose job is no longer running. */
    final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Stopped() {
            super("the training job is no longer running", null, false, false);
        }
    }
}
