package dev.mlops.routing;

import java.util.Optional;

/**
 * Remembered assignments (SPI): a unit keeps the variant it was first given even when the
 * configuration changes, until that variant is removed or its share drops to 0. Hash assignment
 * is already sticky for a fixed configuration and moves the fewest units on a change; a store is
 * for freezing everyone in place, for example while variants are removed.
 *
 * <p>Implementations must be thread-safe. {@link InMemoryStickyAssignments} keeps them in memory;
 * a persistent one can keep them in any key-value store keyed by (experiment, unit), for example
 * next to the registry's records in the same database. With a store, routing does one lookup
 * per call and is no longer allocation-free.
 */
public interface StickyAssignments {

    /** The variant remembered for a unit in an experiment, if any. */
    Optional<String> find(String experiment, String unit);

    /** Remembers (or replaces) the variant of a unit in an experiment. */
    void remember(String experiment, String unit, String variant);
}
