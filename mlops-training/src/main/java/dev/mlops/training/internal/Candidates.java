package dev.mlops.training.internal;

import dev.mlops.training.Search;
import dev.mlops.training.TrainingSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** The hyperparameter combinations a spec tries: its own params, or those of its search. */
public final class Candidates {

    private Candidates() {
    }

    /**
     * The candidates, each the spec's params with the search's values put in, resolved.
     *
     * @param seed drives a random search's draws
     */
    public static List<Map<String, String>> of(TrainingSpec spec, long seed) {
        if (spec.search().isEmpty()) {
            return List.of(spec.params());
        }
        Search search = spec.search().get();
        long size = search.gridSize();
        List<Long> indices = new ArrayList<>();
        if (search.strategy() == Search.Strategy.GRID || search.trials() >= size) {
            for (long i = 0; i < size; i++) {
                indices.add(i);
            }
        } else {
            SplittableRandom random = new SplittableRandom(seed);
            Set<Long> drawn = new LinkedHashSet<>();
            while (drawn.size() < search.trials()) {
                drawn.add(random.nextLong(size));
            }
            indices.addAll(drawn);
        }
        List<Map<String, String>> candidates = new ArrayList<>();
        for (long index : indices) {
            candidates.add(spec.algorithm().resolve(combination(spec.params(), search.space(), index)));
        }
        return candidates;
    }

    /** Decodes a grid index in mixed radix, the last dimension varying fastest. */
    private static Map<String, String> combination(Map<String, String> base, Map<String, List<String>> space, long index) {
        Map<String, String> params = new HashMap<>(base);
        List<String> names = new ArrayList<>(space.keySet());
        for (int d = names.size() - 1; d >= 0; d--) {
            List<String> values = space.get(names.get(d));
            params.put(names.get(d), values.get((int) (index % values.size())));
            index /= values.size();
        }
        return params;
    }
}
