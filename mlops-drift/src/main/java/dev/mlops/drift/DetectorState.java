package dev.mlops.drift;

/** State of a stream detector after a sample. */
public enum DetectorState {
    /** No evidence of change. */
    STABLE,
    /** Evidence of change below the drift threshold: a good moment to start buffering data. */
    WARNING,
    /** Change detected; the detector has reset itself (or shrunk its window) to the new concept. */
    DRIFT
}
