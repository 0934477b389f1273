package dev.mlops.core;

import dev.mlops.core.internal.DefaultModelRegistry;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spi.LeaseStore;
import java.util.Optional;

/** Leases on models in a registry's store, for work that one process at a time may do. */
public final class Leases {

    private Leases() {
    }

    /**
     * The leases of the store a registry (opened with {@link ModelRegistries}) works over, when the
     * store has them ({@link LeaseStore}: the filesystem, JDBC and in-memory stores do).
     */
    public static Optional<LeaseStore> of(ModelRegistry registry) {
        return registry instanceof DefaultModelRegistry r && r.store() instanceof LeaseStore leases
                ? Optional.of(leases) : Optional.empty();
    }
}
