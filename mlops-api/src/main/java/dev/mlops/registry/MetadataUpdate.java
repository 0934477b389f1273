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
 * <p>Construction throws {@link IllegalArgumentException} when a key or text breaks a rule of
 * {@link Limits}, or a metric is not finite.
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
        metrics = Limits.requireMetrics(Map.copyOf(metrics));
        tags = Limits.requireTexts("tag", Map.copyOf(tags), Limits.MAX_TAG_VALUE_LENGTH);
        removeTags = Set.copyOf(removeTags);
        removeTags.forEach(key -> Limits.requireKey("tag", key));
        Objects.requireNonNull(description, "description");
        description.ifPresent(d -> Limits.requireText("description", d, Limits.MAX_DESCRIPTION_LENGTH));
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
