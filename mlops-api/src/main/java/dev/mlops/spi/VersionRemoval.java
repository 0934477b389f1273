package dev.mlops.spi;

/**
 * What the {@link StoreTransaction}s of a store that can delete versions also do (the registry
 * checks with {@code instanceof}). The core decides what may be deleted and appends the tombstone
 * to the audit log in the same transaction.
 */
public interface VersionRemoval {

    /**
     * Removes a version with its evidence and performance records, when the transaction commits.
     * The model's {@link StoreTransaction#latestVersion()} keeps counting the removed number, so
     * that it is never allocated again; its idempotency key is not reused either.
     *
     * @throws IllegalArgumentException when the version does not exist or an alias points to it
     */
    void removeVersion(int version);
}
