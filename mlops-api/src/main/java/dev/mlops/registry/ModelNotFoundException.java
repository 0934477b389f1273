package dev.mlops.registry;

/** The model, version, alias or artifact named in the message does not exist. */
public class ModelNotFoundException extends RegistryException {

    public ModelNotFoundException(String message) {
        super(message);
    }
}
