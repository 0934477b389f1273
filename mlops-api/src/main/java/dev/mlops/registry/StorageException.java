package dev.mlops.registry;

/**
 * The storage backend failed (I/O error, database error, lost connection). The registry is left as
 * it was before the failed call; the cause holds the backend's own exception.
 */
public class StorageException extends RegistryException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
