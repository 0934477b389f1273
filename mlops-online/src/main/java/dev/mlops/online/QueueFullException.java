package dev.mlops.online;

import dev.mlops.MlopsException;

/**
 * A labelled example was refused because the learner's queue stayed full for the whole offer
 * timeout: the writer is behind (or retraining). The caller decides whether to drop, retry or slow
 * down; the refusal is counted in {@link LearnerMetrics#queueRejections()}.
 */
public class QueueFullException extends MlopsException {

    /** @param message says how full and for how long */
    public QueueFullException(String message) {
        super(message);
    }
}
