package dev.mlops.routing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link StickyAssignments} in a concurrent map: for tests and single-process services. */
public final class InMemoryStickyAssignments implements StickyAssignments {

    private final Map<String, Map<String, String>> byExperiment = new ConcurrentHashMap<>();

    @Override
    public Optional<String> find(String experiment, String unit) {
        Map<String, String> units = byExperiment.get(experiment);
        return units == null ? Optional.empty() : Optional.ofNullable(units.get(unit));
    }

    @Override
    public void remember(String experiment, String unit, String variant) {
        byExperiment.computeIfAbsent(experiment, e -> new ConcurrentHashMap<>()).put(unit, variant);
    }

    /** The number of units remembered for an experiment. */
    public int size(String experiment) {
        Map<String, String> units = byExperiment.get(experiment);
        return units == null ? 0 : units.size();
    }
}
