package dev.mlops.tck;

import dev.mlops.fleet.ExperimentNotFoundException;
import dev.mlops.fleet.FleetNames;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.ConflictException;
import dev.mlops.spi.ExperimentStore;
import dev.mlops.spi.TelemetryStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reference meaning of {@link ExperimentStore} and {@link TelemetryStore}: the experiments'
 * revisions and the buckets in maps under one lock. {@link InMemoryModelStore} delegates to one
 * per store.
 */
final class InMemoryFleet implements ExperimentStore, TelemetryStore {

    private final Map<String, List<StoredExperiment>> experiments = new TreeMap<>();
    private final Map<String, TelemetryBucket> buckets = new TreeMap<>();

    @Override
    public synchronized void saveExperiment(StoredExperiment revision) {
        List<StoredExperiment> revisions = experiments.get(revision.id());
        if (revision.revision() == 1) {
            if (revisions != null) {
                throw new ConflictException("experiment '" + revision.id() + "' exists already");
            }
            experiments.put(revision.id(), new ArrayList<>(List.of(revision)));
            return;
        }
        if (revisions == null) {
            throw new ExperimentNotFoundException("no experiment '" + revision.id() + "'");
        }
        long newest = revisions.get(revisions.size() - 1).revision();
        if (newest != revision.revision() - 1) {
            throw new ConflictException("experiment '" + revision.id() + "' is at revision " + newest
                    + ", not " + (revision.revision() - 1) + ": it was changed meanwhile");
        }
        revisions.add(revision);
    }

    @Override
    public synchronized Optional<StoredExperiment> experiment(String id) {
        List<StoredExperiment> revisions = experiments.get(id);
        return revisions == null ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
    }

    @Override
    public synchronized List<StoredExperiment> experiments() {
        return experiments.values().stream().map(r -> r.get(r.size() - 1)).toList();
    }

    @Override
    public synchronized List<StoredExperiment> experimentHistory(String id) {
        return List.copyOf(experiments.getOrDefault(id, List.of()));
    }

    @Override
    public synchronized void putBucket(TelemetryBucket bucket) {
        buckets.put(bucket.kind() + "\u0000" + bucket.subject() + "\u0000" + bucket.instance() + "\u0000"
                + bucket.window(), bucket);
    }

    @Override
    public synchronized List<TelemetryBucket> buckets(String kind, String subject) {
        FleetNames.requireValid("telemetry kind", kind);
        FleetNames.requireValid(kind + " id", subject);
        return buckets.values().stream()
                .filter(b -> b.kind().equals(kind) && b.subject().equals(subject))
                .sorted(Comparator.comparingLong(TelemetryBucket::window).thenComparing(TelemetryBucket::instance))
                .toList();
    }
}
