package dev.mlops.training;

import dev.mlops.MlopsException;

/**
 * Training did not produce a model: the data cannot support it (one class only, no usable
 * feature), the algorithm failed, or the job was cancelled or timed out. The message says which.
 */
public class TrainingException extends MlopsException {

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
