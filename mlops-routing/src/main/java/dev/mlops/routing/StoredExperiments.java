package dev.mlops.routing;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.fleet.ExperimentNotFoundException;
import dev.mlops.fleet.ExperimentState;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.ConflictException;
import dev.mlops.spi.ExperimentStore;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Experiments kept in the store for a fleet, and their merged telemetry. Every change reads the
 * stored revision, derives the next configuration from the stored slot table (so a change moves
 * exactly the total variation distance between the old and the new shares; adding an arm moves
 * exactly its share) and writes revision n + 1 by compare-and-set: of two changes made at once,
 * one wins and the other fails with a {@link ConflictException}, nothing written. Each revision
 * records its actor, change and reason: the revisions are the experiment's change log.
 *
 * <pre>{@code
 * StoredExperiments experiments = StoredExperiments.of(store, InstantSource.system());
 * experiments.create(experiment, "ana", "spring pricing test");
 * experiments.setWeights("pricing", Map.of("control", 1.0, "treatment", 1.0),
 *         Map.of("cheaper", "pricing@cheaper"), Set.of(), "ana", "third arm");   // moves exactly 1/3
 * Analysis fleet = experiments.analyze("pricing");                              // every instance's counts
 * }</pre>
 */
public final class StoredExperiments {

    private final ExperimentStore experiments;
    private final TelemetryStore telemetry;
    private final InstantSource clock;

    private StoredExperiments(ExperimentStore experiments, TelemetryStore telemetry, InstantSource clock) {
        this.experiments = experiments;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /**
     * The experiments of a store that keeps them and their telemetry.
     *
     * @throws MlopsConfigurationException if the store is not an {@link ExperimentStore} and a
     *                                     {@link TelemetryStore}
     */
    public static StoredExperiments of(ModelStore store, InstantSource clock) {
        if (!(store instanceof ExperimentStore es) || !(store instanceof TelemetryStore ts)) {
            throw new MlopsConfigurationException("the store " + store.uri() + " keeps no experiments or telemetry;"
                + " use a filesystem or JDBC store");
        }
        return new StoredExperiments(es, ts, clock);
    }

    /**
     * An experiment as stored: the revision and its configuration.
     *
     * @param stored     the revision
     * @param experiment its configuration, read from the revision's definition
     */
    public record Current(StoredExperiment stored, Experiment experiment) {

        /**
         * The configuration routers serve: the stored one while running (or decided, or rolled
         * back, whose configurations say so), every unit to the control while paused or stopped;
         * the slot table stays, so resuming puts every unit back where it was.
         */
        public Experiment routed() {
            ExperimentState state = stored.state();
            if (state != ExperimentState.PAUSED && state != ExperimentState.STOPPED) {
                return experiment;
            }
            Experiment e = experiment.canary().isPresent() ? experiment.withCanaryPercent(0) : experiment;
            Map<String, Double> weights = new HashMap<>();
            e.variants().forEach(v -> weights.put(v.name(), v.name().equals(e.control()) ? 1.0 : 0.0));
            return e.withWeights(weights);
        }
    }

    /**
     * Stores a new experiment as revision 1 (its slot table included).
     *
     * @throws ConflictException if an experiment with its id exists
     */
    public Current create(Experiment experiment, String actor, String reason) {
        StoredExperiment first = new StoredExperiment(experiment.id(), 1, ExperimentState.RUNNING,
            ExperimentFiles.toJson(experiment), clock.instant(), actor, "create", reason);
        experiments.saveExperiment(first);
        return new Current(first, parse(first));
    }

    /** The newest revision of an experiment, if it exists. */
    public Optional<Current> find(String id) {
        return experiments.experiment(id).map(s -> new Current(s, parse(s)));
    }

    /**
     * The newest revision of an experiment.
     *
     * @throws ExperimentNotFoundException if it does not exist
     */
    public Current get(String id) {
        return find(id).orElseThrow(() -> new ExperimentNotFoundException("no experiment '" + id + "' in the store"));
    }

    /** The newest revision of every experiment, by id. */
    public List<Current> list() {
        return experiments.experiments().stream().map(s -> new Current(s, parse(s))).toList();
    }

    /** Every revision of an experiment, oldest first: its change log. */
    public List<StoredExperiment> history(String id) {
        return experiments.experimentHistory(id);
    }

    /**
     * Changes weights, adds and removes variants, from the stored slot table: slots of variants
     * that keep their share stay, removed variants' slots and surplus slots go to variants short
     * of their share, and new variants start with none, so exactly the total variation distance
     * between the old and the new shares moves.
     *
     * @param weights new weights by variant name; every added variant needs one
     * @param add     variants to add: name to model reference
     * @param remove  variants to remove (not the control or the canary)
     * @throws ExperimentNotFoundException if the experiment does not exist
     * @throws ConflictException           if it was changed meanwhile or has ended
     * @throws IllegalArgumentException    if a name, reference or weight is invalid (negative, not a
     *                                     number, all zero), naming it
     */
    public Current setWeights(String id, Map<String, Double> weights, Map<String, String> add, Set<String> remove,
                              String actor, String reason) {
        Current current = changeable(id);
        Experiment e = current.experiment;
        Set<String> unknown = new TreeSet<>(weights.keySet());
        e.variants().forEach(v -> unknown.remove(v.name()));
        unknown.removeAll(add.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no variant " + unknown + " in experiment '" + id + "' "
                + e.variants().stream().map(Variant::name).toList() + "; add one with NAME=MODEL_REF");
        }
        for (String name : remove) {
            if (e.indexOf(name) < 0) {
                throw new IllegalArgumentException("cannot remove '" + name + "': not a variant of experiment '" + id + "'");
            }
            if (name.equals(e.control()) || e.canary().map(c -> c.variant().equals(name)).orElse(false)) {
                throw new IllegalArgumentException("cannot remove '" + name + "': it is the control or the canary");
            }
        }
        List<Variant> next = new ArrayList<>();
        for (Variant v : e.variants()) {
            if (!remove.contains(v.name())) {
                next.add(new Variant(v.name(), v.model(), weights.getOrDefault(v.name(), v.weight())));
            }
        }
        for (Map.Entry<String, String> a : add.entrySet()) {
            if (e.indexOf(a.getKey()) >= 0) {
                throw new IllegalArgumentException("cannot add '" + a.getKey() + "': it is a variant already");
            }
            Double weight = weights.get(a.getKey());
            if (weight == null) {
                throw new IllegalArgumentException("added variant '" + a.getKey() + "' needs a weight: " + a.getKey() + "=W");
            }
            next.add(new Variant(a.getKey(), a.getValue(), weight));
        }
        Experiment changed = e.withVariants(next);
        return save(current, current.stored.state(), changed, actor, "set-weights", reason);
    }

    /**
     * Holds the experiment: every router serves the control until {@link #resume}.
     *
     * @throws ConflictException if it is not running, or was changed meanwhile
     */
    public Current pause(String id, String actor, String reason) {
        Current current = changeable(id);
        if (current.stored.state() != ExperimentState.RUNNING) {
            throw new ConflictException("experiment '" + id + "' is " + current.stored.state().jsonName() + ", not running");
        }
        return save(current, ExperimentState.PAUSED, current.experiment, actor, "pause", reason);
    }

    /**
     * Resumes a paused experiment where it was: every unit back to its variant.
     *
     * @throws ConflictException if it is not paused, or was changed meanwhile
     */
    public Current resume(String id, String actor, String reason) {
        Current current = changeable(id);
        if (current.stored.state() != ExperimentState.PAUSED) {
            throw new ConflictException("experiment '" + id + "' is " + current.stored.state().jsonName() + ", not paused");
        }
        return save(current, ExperimentState.RUNNING, current.experiment, actor, "resume", reason);
    }

    /**
     * Ends the experiment without a verdict: every router serves the control.
     *
     * @throws ConflictException if it has ended already, or was changed meanwhile
     */
    public Current stop(String id, String actor, String reason) {
        Current current = changeable(id);
        return save(current, ExperimentState.STOPPED, current.experiment, actor, "stop", reason);
    }

    /**
     * Ends the experiment with a winner: every router serves it.
     *
     * @throws IllegalArgumentException if the winner is not a variant
     * @throws ConflictException        if it has ended already, or was changed meanwhile
     */
    public Current decide(String id, String winner, String actor, String reason) {
        Current current = changeable(id);
        Experiment e = current.experiment;
        if (e.indexOf(winner) < 0) {
            throw new IllegalArgumentException("winner '" + winner + "' is not a variant of experiment '" + id + "'");
        }
        if (e.canary().isPresent()) {
            e = e.canary().get().variant().equals(winner) ? e.withCanaryPercent(100) : e.withCanaryPercent(0);
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        e.variants().forEach(v -> weights.put(v.name(), v.name().equals(winner) ? 1.0 : 0.0));
        Experiment decided = e.canary().isPresent() && e.canary().get().variant().equals(winner) ? e : e.withWeights(weights);
        return save(current, ExperimentState.DECIDED, decided, actor, "decide", reason);
    }

    /**
     * Ends the experiment by a rollback: a canary to 0 %, otherwise every unit to the control.
     *
     * @throws ConflictException if it has ended already, or was changed meanwhile
     */
    public Current rollback(String id, String actor, String reason) {
        Current current = changeable(id);
        Experiment e = current.experiment;
        if (e.canary().isPresent()) {
            e = e.withCanaryPercent(0);
        } else {
            Map<String, Double> weights = new LinkedHashMap<>();
            Experiment base = e;
            e.variants().forEach(v -> weights.put(v.name(), v.name().equals(base.control()) ? 1.0 : 0.0));
            e = e.withWeights(weights);
        }
        return save(current, ExperimentState.ROLLED_BACK, e, actor, "rollback", reason);
    }

    /**
     * Sets a canary's percent from the stored slot table: ramping up never moves a canary unit out.
     *
     * @throws IllegalStateException if the experiment has no canary
     * @throws ConflictException     if it has ended, or was changed meanwhile
     */
    public Current rampCanary(String id, double percent, String actor, String reason) {
        Current current = changeable(id);
        return save(current, current.stored.state(), current.experiment.withCanaryPercent(percent), actor, "ramp", reason);
    }

    /**
     * Stores one instance's counts for one window, replacing what that instance stored for that
     * window before.
     *
     * @throws ExperimentNotFoundException if the experiment does not exist
     */
    public void record(String id, String instance, long window, FleetCounts counts) {
        get(id);
        telemetry.putBucket(new TelemetryBucket(TelemetryBucket.EXPERIMENT, id, instance, window, clock.instant(),
            counts.toJson()));
    }

    /**
     * Every instance's counts merged, with the instances that reported.
     *
     * @param counts    the merged counts
     * @param instances the instances with at least one bucket, sorted
     * @param buckets   the number of buckets merged
     */
    public record Merged(FleetCounts counts, List<String> instances, int buckets) {
    }

    /**
     * Merges every instance's buckets of an experiment (exactly: counts add, histograms add,
     * metrics merge by Chan's update), in window and instance order.
     *
     * @throws dev.mlops.registry.StorageException if a stored bucket is not experiment counts
     */
    public Merged counts(String id) {
        List<TelemetryBucket> buckets = telemetry.buckets(TelemetryBucket.EXPERIMENT, id);
        List<FleetCounts> parts = new ArrayList<>();
        Set<String> instances = new TreeSet<>();
        for (TelemetryBucket b : buckets) {
            try {
                parts.add(FleetCounts.parse(b.payload()));
            } catch (IllegalArgumentException e) {
                throw new dev.mlops.registry.StorageException("the telemetry bucket of experiment '" + id + "', instance '"
                    + b.instance() + "', window " + b.window() + " is damaged: " + e.getMessage(), e);
            }
            instances.add(b.instance());
        }
        return new Merged(FleetCounts.merge(parts), List.copyOf(new LinkedHashSet<>(instances)), buckets.size());
    }

    /**
     * The analysis of the whole fleet: every instance's counts merged and judged under the stored
     * configuration by a fresh {@link Analyzer}.
     *
     * @throws ExperimentNotFoundException if the experiment does not exist
     * @throws IllegalArgumentException    if no outcome has been counted yet
     */
    public Analysis analyze(String id) {
        Current current = get(id);
        return new Analyzer().analyze(current.experiment, counts(id).counts().observations(current.experiment));
    }

    /**
     * Rolls the experiment back when the fleet's merged counts breach a canary guardrail (error
     * rate or p99 latency above its limit after the canary's minimum requests, over every
     * instance's requests): the decision one instance's share of the traffic may be too small to
     * reach.
     *
     * @return the breached guardrail, if one is (the experiment is then rolled back)
     * @throws ConflictException if the experiment was changed meanwhile or has ended
     */
    public Optional<Analysis.GuardrailCheck> checkGuardrails(String id, String actor) {
        Current current = changeable(id);
        Optional<Canary> canary = current.experiment.canary();
        if (canary.isEmpty() || canary.get().percent() == 0) {
            return Optional.empty();
        }
        Observations observations = counts(id).counts().observations(current.experiment);
        Optional<Analysis.GuardrailCheck> breach = Analyzer.guardrails(canary.get(),
                observations.health().get(current.experiment.indexOf(canary.get().variant())))
            .stream().filter(Analysis.GuardrailCheck::breached).findFirst();
        breach.ifPresent(b -> rollback(id, actor, "the fleet's canary '" + b.variant() + "' breached " + b.check() + ": "
            + b.value() + " > " + b.limit() + " after " + b.requests() + " requests"));
        return breach;
    }

    /**
     * Starts a bandit's next epoch from the fleet's merged conversions ({@link Bandits#shares}, the
     * revision number as the epoch), rebalancing from the stored slot table, so units stay put
     * within an epoch and move across epochs only as far as the shares changed.
     *
     * @throws IllegalStateException if the experiment is not a bandit
     * @throws ConflictException     if it was changed meanwhile or has ended
     */
    public Current nextBanditEpoch(String id, String actor) {
        Current current = changeable(id);
        Experiment e = current.experiment;
        Bandit bandit = e.bandit().orElseThrow(() -> new IllegalStateException("experiment '" + id + "' is not a bandit"));
        FleetCounts merged = counts(id).counts();
        int k = e.variants().size();
        long[] successes = new long[k];
        long[] trials = new long[k];
        for (int i = 0; i < k; i++) {
            FleetCounts.MetricCounts c = merged.variant(e.variants().get(i).name())
                .map(v -> v.metrics().getOrDefault(EventFiles.CONVERTED, FleetCounts.MetricCounts.NONE))
                .orElse(FleetCounts.MetricCounts.NONE);
            successes[i] = c.successes();
            trials[i] = c.count();
        }
        double[] shares = Bandits.shares(bandit, successes, trials, current.stored.revision());
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            weights.put(e.variants().get(i).name(), shares[i]);
        }
        return save(current, current.stored.state(), e.withWeights(weights), actor, "bandit-epoch",
            "shares from " + merged.variants().values().stream().mapToLong(FleetCounts.VariantCounts::units).sum()
                + " units of the fleet");
    }

    private Current changeable(String id) {
        Current current = get(id);
        if (current.stored.state().isFinal()) {
            throw new ConflictException("experiment '" + id + "' is " + current.stored.state().jsonName()
                + " (revision " + current.stored.revision() + "); an ended experiment does not change");
        }
        return current;
    }

    private Current save(Current current, ExperimentState state, Experiment next, String actor, String change,
                         String reason) {
        StoredExperiment revision = current.stored.next(state, ExperimentFiles.toJson(next), clock.instant(), actor,
            change, reason);
        experiments.saveExperiment(revision);
        return new Current(revision, parse(revision));
    }

    private static Experiment parse(StoredExperiment stored) {
        return ExperimentFiles.parse(stored.definition(), "experiment '" + stored.id() + "' revision " + stored.revision());
    }
}
