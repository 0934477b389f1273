package dev.mlops.spi;

import java.util.Map;

/**
 * Opens {@link ModelStore}s for one URI scheme. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.mlops.spi.ModelStoreProvider}. A provider must have a public no-arg
 * constructor and must not open anything until {@link #open} is called.
 */
public interface ModelStoreProvider {

    /**
     * The URI scheme this provider serves, without the colon: {@code file} for {@code file:/path},
     * {@code jdbc} for {@code jdbc:postgresql://...}. At most one provider per scheme may be on the
     * class path.
     */
    String scheme();

    /** A short human-readable description, e.g. "filesystem store (mlops-registry-fs)". */
    String description();

    /**
     * Opens (creating if needed) the store at {@code uri}.
     *
     * @param uri the full store URI, scheme included
     * @param options backend options (credentials, pool sizes, ...); unknown keys are an error
     * @throws dev.mlops.MlopsConfigurationException when the URI or an option is invalid
     * @throws dev.mlops.registry.StorageException when the store cannot be opened
     */
    ModelStore open(String uri, Map<String, String> options);
}
