package dev.mlops.registry;

import dev.mlops.MlopsException;

/** Root of the exceptions thrown by a {@link ModelRegistry} and by storage backends. */
public abstract class RegistryException extends MlopsException {

    protected RegistryException(String message) {
        super(message);
    }

    protected RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
