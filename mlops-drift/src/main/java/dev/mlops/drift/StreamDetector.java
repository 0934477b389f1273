package dev.mlops.drift;

/**
 * A concept-drift detector over a stream of numbers, typically per-prediction errors (0 or 1) or
 * a per-batch metric. {@link #update(double)} is allocation-free. Implementations are not
 * thread-safe: feed each from one thread or guard it.
 */
public interface StreamDetector {

    /**
     * Adds one observation and returns the state after it. {@link DetectorState#DRIFT} is returned
     * once, for the observation at which the change was detected; the detector then continues on
     * the new concept.
     *
     * @throws IllegalArgumentException if the value is not finite or outside the detector's domain
     */
    DetectorState update(double value);

    /** The state after the last update ({@link DetectorState#STABLE} before any). */
    DetectorState state();

    /** Observations since the last reset (or, for ADWIN, the current window length). */
    long samples();

    /** Total number of drifts detected since construction. */
    long drifts();

    /** Forgets everything learned, as if newly constructed (the drift count is kept). */
    void reset();
}
