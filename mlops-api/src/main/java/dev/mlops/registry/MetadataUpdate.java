package dev.mlops.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Changes to the mutable metadata of a version: metrics and tags are merged (a metric or tag with
 * the same key is replaced), tags in {@code removeTags} are removed, and the description is
 * replaced when given.
 *
 * @param metrics metrics to add or replace; finite values only
 * @param tags tags to add or replace
 * @param removeTags tag keys to remove
 * @param description the new description, or empty to keep the current one
 */
public record MetadataUpdate(
        Map<String, Double> metrics,
        Map<String, String> tags,
        Set<String> removeTags,
        Optional<String> description) {

    public MetadataUpdate {
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
        removeTags = Set.copyOf(removeTags);
        Objects.requireNonNull(description, "description");
        metrics.forEach((k, v) -> {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("metric '" + k + "' is not a finite number: " + v);
            }
        });
    }

    /** Adds or replaces metrics. */
    public static MetadataUpdate metrics(Map<String, Double> metrics) {
        return new MetadataUpdate(metrics, Map.of(), Set.of(), Optional.empty());
    }

    /** Adds or replaces tags. */
    public static MetadataUpdate tags(Map<String, String> tags) {
        return new MetadataUpdate(Map.of(), tags, Set.of(), Optional.empty());
    }

    /** Replaces the description. */
    public static MetadataUpdate description(String description) {
        return new MetadataUpdate(Map.of(), Map.of(), Set.of(), Optional.of(description));
    }
}
