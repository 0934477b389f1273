package dev.mlops.fleet;

import dev.mlops.registry.RegistryException;

/** The experiment named in the message is not in the store. */
public class ExperimentNotFoundException extends RegistryException {

    /** With a message naming the experiment. */
    public ExperimentNotFoundException(String message) {
        super(message);
    }
}
