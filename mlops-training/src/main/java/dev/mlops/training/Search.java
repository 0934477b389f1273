package dev.mlops.training;

import dev.mlops.model.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hyperparameter search: candidate values per parameter, how to pick combinations, and the
 * cross-validated metric that chooses the winner (the best mean over the folds; the first
 * candidate wins a tie).
 *
 * <ul>
 *   <li>{@link Strategy#GRID}: every combination, in order (the last parameter varies fastest).</li>
 *   <li>{@link Strategy#RANDOM}: {@code trials} distinct combinations drawn uniformly from the grid
 *       with the training seed (the whole grid when it has no more than {@code trials}).</li>
 * </ul>
 *
 * @param strategy grid or random
 * @param space candidate values per parameter name, in order
 * @param trials how many combinations a random search tries (ignored by a grid)
 * @param metric the cross-validated metric that chooses
 */
public record Search(Strategy strategy, Map<String, List<String>> space, int trials, Metric metric) {

    /** How combinations are picked. */
    public enum Strategy {
        /** Every combination. */
        GRID,
        /** A seeded random sample of the combinations. */
        RANDOM;

        /**
         * {@code grid} or {@code random}, ignoring case.
         *
         * @throws IllegalArgumentException otherwise
         */
        public static Strategy parse(String name) {
            return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(name.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown search '" + name
                            + "'; known: grid, random"));
        }
    }

    public Search {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(metric, "metric");
        if (space.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one parameter with candidate values");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        space.forEach((name, values) -> {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + name + "' has no candidate values");
            }
            copy.put(name, List.copyOf(values));
        });
        space = java.util.Collections.unmodifiableMap(copy);
        if (strategy == Strategy.RANDOM && trials < 1) {
            throw new IllegalArgumentException("a random search needs at least one trial, got " + trials);
        }
    }

    /** Every combination of the space, choosing by {@code metric}. */
    public static Search grid(Map<String, List<String>> space, Metric metric) {
        return new Search(Strategy.GRID, space, 0, metric);
    }

    /** {@code trials} random combinations of the space, choosing by {@code metric}. */
    public static Search random(Map<String, List<String>> space, int trials, Metric metric) {
        return new Search(Strategy.RANDOM, space, trials, metric);
    }

    /**
     * Parses the command line's {@code name=v1,v2,...} into an entry of a space.
     *
     * @throws IllegalArgumentException if there is no {@code =} or no value
     */
    public static Map.Entry<String, List<String>> parseDimension(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("expected name=value1,value2,... but got '" + text + "'");
        }
        List<String> values = new ArrayList<>();
        for (String v : text.substring(eq + 1).split(",")) {
            if (!v.isBlank()) {
                values.add(v.strip());
            }
        }
        return Map.entry(text.substring(0, eq).strip(), List.copyOf(values));
    }

    /** The number of combinations in the grid. */
    public long gridSize() {
        long size = 1;
        for (List<String> values : space.values()) {
            size = Math.multiplyExact(size, values.size());
        }
        return size;
    }
}
