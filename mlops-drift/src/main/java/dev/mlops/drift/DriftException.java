package dev.mlops.drift;

import dev.mlops.MlopsException;

/**
 * Root of the drift module's exceptions: data that cannot be read or compared, profiles that
 * cannot be stored or loaded. The cause, when there is one, is kept.
 */
public class DriftException extends MlopsException {

    /** An exception with a message and no cause. */
    public DriftException(String message) {
        super(message);
    }

    /** An exception with a message and the cause it wraps. */
    public DriftException(String message, Throwable cause) {
        super(message, cause);
    }
}
