package dev.mlops.registry;

/**
 * The change conflicts with the current state: an alias moved since it was read, a stage
 * transition the lifecycle does not allow, an idempotency key reused for a different artifact.
 * Nothing was written.
 */
public class ConflictException extends RegistryException {

    public ConflictException(String message) {
        super(message);
    }
}
