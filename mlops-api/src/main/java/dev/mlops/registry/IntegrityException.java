package dev.mlops.registry;

/**
 * Stored bytes do not match their digest or signature, or the audit chain is broken. The artifact
 * was not deserialized.
 */
public class IntegrityException extends RegistryException {

    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
