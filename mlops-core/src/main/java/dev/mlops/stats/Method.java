package dev.mlops.stats;

/**
 * What computed a {@link TestResult}: a statistical test or a distance, named the way JSON
 * documents name it. The tests of this package are the {@link ComparisonMethod}s; modules name
 * their own (drift's tests and distances, for example) with an enum that implements this.
 */
public interface Method {

    /** The method's name in JSON documents, e.g. {@code z} or {@code ks}. */
    String jsonName();
}
