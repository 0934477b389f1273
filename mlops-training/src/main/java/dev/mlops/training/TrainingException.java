package dev.mlops.training;

import dev.mlops.MlopsException;

/**
 * Training did not produce a model: the data cannot support it (one class only, no usable
 * feature), the algorithm failed, or the job was cancelled or timed out. The message says which.
 */
public class TrainingException extends MlopsException {

    /** A failure described by {@code message}. */
    public TrainingException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
