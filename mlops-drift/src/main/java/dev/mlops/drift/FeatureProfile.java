package dev.mlops.drift;

import dev.mlops.data.FeatureType;

/**
 * What a reference profile keeps about one feature. Implementations are immutable.
 */
public sealed interface FeatureProfile permits NumericProfile, CategoricalProfile {

    /** The feature (column) name. */
    String name();

    /** Numeric or categorical. */
    FeatureType type();

    /** Number of reference rows, missing values included. */
    long count();

    /** Number of missing values among the reference rows. */
    long missing();

    /** Share of missing values, 0 when there are no rows. */
    default double missingRate() {
        return count() == 0 ? 0.0 : (double) missing() / count();
    }

    /** Number of non-missing reference values. */
    default long present() {
        return count() - missing();
    }
}
