package dev.mlops.tck;

/**
 * An optional feature of a store. A backend's run of {@link ModelStoreTck} declares the ones its
 * store has ({@link ModelStoreTck#capabilities()}, all by default); the tests of a feature it lacks
 * are reported as skipped, naming the feature, never passed over in silence.
 */
public enum StoreCapability {

    /**
     * What is committed outlives the store's instances: after every instance opened on a URI has
     * been closed, opening the URI again finds everything. An in-memory store has no such thing.
     */
    PERSISTENCE("committed state outlives closing every instance of the store"),

    /**
     * Other processes open the same store through its URI and see what this one committed, as a
     * fleet of service instances does. A store held in one JVM's memory has no such thing.
     */
    SHARED_BETWEEN_PROCESSES("other processes open the same store through its URI"),

    /**
     * The store removes artifact bytes ({@link dev.mlops.spi.ArtifactCollection}): deleting the last
     * version that uses them and garbage collection free the space.
     */
    ARTIFACT_REMOVAL("artifact bytes no version references can be removed");

    private final String description;

    StoreCapability(String description) {
        this.description = description;
    }

    /** What a store with this feature does, in a few words. */
    public String description() {
        return description;
    }
}
