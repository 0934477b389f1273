package dev.mlops.spring.boot;

import dev.mlops.registry.ModelRegistry;

/**
 * Prepares the auto-configured registry before anything uses it: beans of this type run, in their
 * {@code @Order}, right after the registry opens and before routers, monitors and the health
 * indicator are created. A service that seeds an empty store (trains and registers its first
 * models) does it here, as the reference scoring service does. An exception stops the startup.
 */
@FunctionalInterface
public interface MlopsRegistryInitializer {

    /** Prepares the registry (it is open; do not close it). */
    void initialize(ModelRegistry registry);
}
