package dev.mlops.routing;

import dev.mlops.data.UnitHash;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.routing.internal.ShadowTraffic;
import dev.mlops.routing.internal.VariantCounters;
import dev.mlops.stats.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes live traffic between model versions by an {@link Experiment}, counts what happens per
 * variant, and judges the result.
 *
 * <pre>{@code
 * Router<Classifier> router = Router.builder(registry, Classifiers.format(), experiment)
 *         .shadow("churn:9")                        // optional: mirror requests to a shadow model
 *         .build();
 * Prediction p = router.predict(userId, model -> model.predict(row));
 * router.recordConversion(router.variantOf(userId), converted);       // once per unit, later
 * Analysis analysis = router.analyze();                               // look any time (mSPRT)
 * router.promoteWinner(analysis, Promotion.alias("champion"));
 * }</pre>
 *
 * <p>{@link #route} is the hot path: one hash, one table lookup and one {@link java.util.concurrent.atomic.LongAdder}
 * increment on an immutable snapshot read from a volatile field; no allocation and no lock
 * (unless a {@link StickyAssignments} store is configured). Configuration changes
 * ({@link #update}, {@link #setWeights}, {@link #rampCanary}, {@link #nextEpoch}, a guardrail
 * rollback) build a new snapshot and swap it in atomically; counters are kept per variant name
 * across changes. Every process that applies the same {@link Experiment} routes identically, so
 * share derived configurations ({@link ExperimentFiles#write}) rather than repeating the changes.
 *
 * @param <M> the model type the registry loads
 */
public final class Router<M> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /** A canary's guardrails are checked every this many of its predictions. */
    static final int GUARDRAIL_CHECK_INTERVAL = 32;

    private final ModelRegistry registry;
    private final ModelFormat<M> format;
    private final StickyAssignments sticky;
    private final String shadowRef;
    private final ShadowTraffic<M> shadow;
    private final List<RollbackListener> rollbackListeners = new CopyOnWriteArrayList<>();
    private final List<ExperimentListener> experimentListeners = new CopyOnWriteArrayList<>();
    private final Map<String, VariantCounters> counters = new ConcurrentHashMap<>();
    private final Analyzer analyzer = new Analyzer();
    private final Object updates = new Object();
    private volatile Snapshot<M> snapshot;

    private Router(Builder<M> builder) {
        this.registry = builder.registry;
        this.format = builder.format;
        this.sticky = builder.sticky;
        this.shadowRef = builder.shadowRef;
        this.shadow = builder.shadowRef == null ? null
            : new ShadowTraffic<>(() -> registry.load(builder.shadowRef, format), builder.agreement, builder.shadowQueue);
        this.snapshot = snapshot(builder.experiment, 0);
    }

    /** A builder for a router over a registry, serving models of one format. */
    public static <M> Builder<M> builder(ModelRegistry registry, ModelFormat<M> format, Experiment experiment) {
        return new Builder<>(registry, format, experiment);
    }

    /** The immutable state the hot path reads: one volatile read per call. */
    private static final class Snapshot<M> {
        final Experiment experiment;
        final Assigner assigner;
        final List<ServedVariant<M>> served;
        final double[] shares;
        final int canary;
        final long epoch;

        Snapshot(Experiment experiment, Assigner assigner, List<ServedVariant<M>> served, long epoch) {
            this.experiment = experiment;
            this.assigner = assigner;
            this.served = served;
            this.shares = experiment.shares();
            this.canary = experiment.canary().map(c -> experiment.indexOf(c.variant())).orElse(-1);
            this.epoch = epoch;
        }
    }

    private Snapshot<M> snapshot(Experiment experiment, long epoch) {
        List<ServedVariant<M>> served = new ArrayList<>();
        for (int i = 0; i < experiment.variants().size(); i++) {
            Variant v = experiment.variants().get(i);
            served.add(new ServedVariant<>(v, i, registry, format, counters.computeIfAbsent(v.name(), n -> new VariantCounters())));
        }
        return new Snapshot<>(experiment, Assigner.of(experiment), List.copyOf(served), epoch);
    }

    /**
     * The variant of a unit, counting the assignment. Allocation-free and lock-free without a
     * sticky store.
     */
    public ServedVariant<M> route(CharSequence unit) {
        Snapshot<M> s = snapshot;
        ServedVariant<M> variant = s.served.get(variantIndex(s, unit));
        variant.counters.assigned();
        return variant;
    }

    /**
     * The name of the variant a unit is assigned to, without counting an assignment: for outcomes
     * reported after the unit was routed ({@link #recordConversion}, {@link #recordValue}).
     */
    public String variantOf(CharSequence unit) {
        Snapshot<M> s = snapshot;
        return s.served.get(variantIndex(s, unit)).name();
    }

    private int variantIndex(Snapshot<M> s, CharSequence unit) {
        int index = s.assigner.variantIndex(unit);
        return sticky == null ? index : remembered(s, unit, index);
    }

    private int remembered(Snapshot<M> s, CharSequence unit, int hashed) {
        String id = unit.toString();
        Optional<String> stored = sticky.find(s.experiment.id(), id);
        if (stored.isPresent()) {
            int index = s.experiment.indexOf(stored.get());
            if (index >= 0 && s.shares[index] > 0) {
                return index;
            }
        }
        sticky.remember(s.experiment.id(), id, s.served.get(hashed).name());
        return hashed;
    }

    /**
     * Routes a unit and runs a prediction on its variant's model, recording the exposure, the
     * latency (model lookup included) and whether it failed; with a shadow configured, a copy of
     * the call goes to the shadow model afterwards without waiting for it. Every
     * {@value #GUARDRAIL_CHECK_INTERVAL} canary predictions the guardrails are checked.
     *
     * @param prediction the call to make on the model, e.g. {@code m -> m.predict(example)}
     * @return what the prediction returned
     * @throws RuntimeException whatever loading the model or the prediction threw (counted as an error)
     */
    public <R> R predict(CharSequence unit, Function<? super M, ? extends R> prediction) {
        ServedVariant<M> variant = route(unit);
        long start = System.nanoTime();
        R result;
        try {
            result = prediction.apply(variant.model());
        } catch (RuntimeException | Error e) {
            afterPrediction(variant, System.nanoTime() - start, true);
            throw e;
        }
        afterPrediction(variant, System.nanoTime() - start, false);
        if (shadow != null) {
            shadow.mirror(prediction, result);
        }
        return result;
    }

    private void afterPrediction(ServedVariant<M> variant, long nanos, boolean failed) {
        long sinceCheck = variant.counters.predicted(nanos, failed);
        if (variant.index() == snapshot.canary && sinceCheck >= GUARDRAIL_CHECK_INTERVAL) {
            variant.counters.guardrailsChecked();
            checkGuardrails();
        }
    }

    /**
     * Reports whether a unit of a variant converted. Call once per unit (both outcomes), so the
     * rate is conversions over reporting units; bandits learn from these.
     *
     * @throws IllegalArgumentException if the variant is not in the current configuration
     */
    public void recordConversion(String variant, boolean converted) {
        countersOf(variant).converted(converted);
    }

    /**
     * Reports a unit's value of a continuous metric (revenue, session length); call once per unit
     * and metric.
     *
     * @throws IllegalArgumentException if the variant is not in the current configuration or the
     *                                  value is not finite
     */
    public void recordValue(String variant, String metric, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric '" + metric + "' value must be finite, was " + value);
        }
        if (metric == null || metric.isBlank() || metric.equals(EventFiles.CONVERTED)) {
            throw new IllegalArgumentException("metric name must not be blank or '" + EventFiles.CONVERTED + "' (use recordConversion)");
        }
        countersOf(variant).value(metric, value);
    }

    private VariantCounters countersOf(String variant) {
        Snapshot<M> s = snapshot;
        int index = s.experiment.indexOf(variant);
        if (index < 0) {
            throw new IllegalArgumentException("no variant '" + variant + "' in experiment '" + s.experiment.id() + "'");
        }
        return s.served.get(index).counters;
    }

    /** Every variant's counters by name, those of variants removed since included (for flushes). */
    Map<String, VariantCounters> allCounters() {
        return counters;
    }

    /** The configuration in force. */
    public Experiment experiment() {
        return snapshot.experiment;
    }

    /**
     * The variants of the configuration in force, in the experiment's order: what {@link #route}
     * hands out, with the variants' counters.
     */
    public List<ServedVariant<M>> variants() {
        return snapshot.served;
    }

    /** The bandit epoch in force (0 before the first {@link #nextEpoch}). */
    public long epoch() {
        return snapshot.epoch;
    }

    /**
     * Switches to another configuration of the same experiment, atomically: calls after this
     * returns route by it. The slot table is the one {@code next} defines, so every process that
     * applies the same configuration routes identically.
     *
     * @throws IllegalArgumentException if {@code next} has another id, or names a model registered in
     *     a format this router does not read
     */
    public void update(Experiment next) {
        for (Variant variant : next.variants()) {
            requireReadable(registry, format, "variant '" + variant.name() + "'", variant.model());
        }
        synchronized (updates) {
            swap(next, snapshot.epoch);
        }
    }

    private void swap(Experiment next, long epoch) {
        Experiment current = snapshot.experiment;
        if (!next.id().equals(current.id())) {
            throw new IllegalArgumentException("router serves experiment '" + current.id() + "', not '" + next.id() + "'");
        }
        Snapshot<M> replacement = snapshot(next, epoch);
        log.info("experiment '{}': shares {} -> {}, {} of {} slots move", next.id(), shareText(current), shareText(next),
            snapshot.assigner.allocation().movedSlots(replacement.assigner.allocation()), UnitHash.SLOTS);
        snapshot = replacement;
        for (ExperimentListener listener : experimentListeners) {
            try {
                listener.onChange(current, next);
            } catch (RuntimeException e) {
                log.warn("experiment listener failed", e);
            }
        }
    }

    private static String shareText(Experiment e) {
        double[] shares = e.shares();
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < shares.length; i++) {
            text.append(i == 0 ? "" : ", ").append(e.variants().get(i).name()).append('=')
                .append(String.format(java.util.Locale.ROOT, "%.4f", shares[i]));
        }
        return text.append('}').toString();
    }

    /**
     * Changes some variants' weights, moving only the units the change requires
     * ({@link Experiment#withWeights}).
     *
     * @throws IllegalArgumentException if a name is not a variant or a weight is invalid
     */
    public void setWeights(Map<String, Double> weights) {
        synchronized (updates) {
            swap(snapshot.experiment.withWeights(weights), snapshot.epoch);
        }
    }

    /**
     * Sets the canary's percent; ramping up never moves a canary unit out.
     *
     * @throws IllegalStateException    if the experiment has no canary
     * @throws IllegalArgumentException if the percent is outside [0, 100]
     */
    public void rampCanary(double percent) {
        synchronized (updates) {
            swap(snapshot.experiment.withCanaryPercent(percent), snapshot.epoch);
        }
    }

    /**
     * Checks the canary's guardrails now (predictions also check them every
     * {@value #GUARDRAIL_CHECK_INTERVAL} canary predictions). A breach, once the canary has served
     * its minimum number of requests, rolls the canary back to 0 % and tells the rollback
     * listeners.
     *
     * @return the breached guardrail, if one is
     */
    public Optional<Analysis.GuardrailCheck> checkGuardrails() {
        Snapshot<M> s = snapshot;
        if (s.canary < 0 || s.shares[s.canary] == 0) {
            return Optional.empty();
        }
        Canary canary = s.experiment.canary().orElseThrow();
        Observations.Health health = health(s.served.get(s.canary).counters);
        if (health.requests() < Math.max(1, canary.minRequests())) {
            return Optional.empty();
        }
        List<Analysis.GuardrailCheck> breaches = Analyzer.guardrails(canary, health).stream()
            .filter(Analysis.GuardrailCheck::breached).toList();
        if (breaches.isEmpty()) {
            return Optional.empty();
        }
        Analysis.GuardrailCheck breach = breaches.get(0);
        synchronized (updates) {
            if (snapshot.experiment != s.experiment) {
                return Optional.of(breach);  // the configuration changed meanwhile; that change stands
            }
            log.warn("experiment '{}': canary '{}' breached {} ({} > {} after {} requests); rolling back to 0 %",
                s.experiment.id(), canary.variant(), breach.check(), breach.value(), breach.limit(), breach.requests());
            swap(s.experiment.withCanaryPercent(0), s.epoch);
        }
        for (RollbackListener listener : rollbackListeners) {
            try {
                listener.onRollback(breach);
            } catch (RuntimeException e) {
                log.warn("rollback listener failed", e);
            }
        }
        return Optional.of(breach);
    }

    /**
     * Starts the next bandit epoch: the shares are recomputed from the conversions reported so
     * far ({@link Bandits#shares}) and the slots rebalanced, so units stay put within an epoch and
     * move across epochs only as far as the shares changed.
     *
     * @return the new epoch number
     * @throws IllegalStateException if the experiment is not a bandit
     */
    public long nextEpoch() {
        synchronized (updates) {
            Snapshot<M> s = snapshot;
            Bandit bandit = s.experiment.bandit()
                .orElseThrow(() -> new IllegalStateException("experiment '" + s.experiment.id() + "' is not a bandit"));
            int k = s.served.size();
            long[] successes = new long[k];
            long[] trials = new long[k];
            for (int i = 0; i < k; i++) {
                Sample conversions = s.served.get(i).counters.conversionSample();
                successes[i] = conversions.successes();
                trials[i] = conversions.count();
            }
            long epoch = s.epoch + 1;
            double[] shares = Bandits.shares(bandit, successes, trials, epoch);
            Map<String, Double> weights = new HashMap<>();
            for (int i = 0; i < k; i++) {
                weights.put(s.served.get(i).name(), shares[i]);
            }
            swap(s.experiment.withWeights(weights), epoch);
            return epoch;
        }
    }

    /**
     * The live numbers of a variant.
     *
     * @throws IllegalArgumentException if the variant is not in the current configuration
     */
    public VariantStats stats(String variant) {
        VariantCounters c = countersOf(variant);
        return new VariantStats(variant, c.assignments(), c.predictions(), c.errors(), c.latencyAtPercentile(50) / 1e6,
            c.latencyAtPercentile(95) / 1e6, c.latencyAtPercentile(99) / 1e6, c.conversionSample());
    }

    /** The shadow model's comparison so far, if a shadow is configured. */
    public Optional<ShadowStats> shadowStats() {
        if (shadow == null) {
            return Optional.empty();
        }
        return Optional.of(new ShadowStats(shadowRef, shadow.mirrored(), shadow.dropped(), shadow.compared(), shadow.agreed(),
            shadow.failed()));
    }

    /**
     * Waits until the shadow has handled every queued copy, at most {@code timeout}.
     *
     * @return whether it did (true at once without a shadow)
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitShadow(long timeout, TimeUnit unit) throws InterruptedException {
        return shadow == null || shadow.awaitIdle(timeout, unit);
    }

    /**
     * The live observations: units = assignments counted at routing time, conversion outcomes as
     * metric {@code converted}, reported values per metric, and serving health.
     */
    public Observations observations() {
        Snapshot<M> s = snapshot;
        List<String> names = new ArrayList<>();
        List<Long> units = new ArrayList<>();
        List<Observations.Health> health = new ArrayList<>();
        Set<String> metricNames = new LinkedHashSet<>();
        boolean conversions = false;
        for (ServedVariant<M> v : s.served) {
            names.add(v.name());
            units.add(v.counters.assignments());
            health.add(health(v.counters));
            conversions |= v.counters.hasConversions();
            metricNames.addAll(new java.util.TreeSet<>(v.counters.metricNames()));
        }
        List<Observations.MetricData> metrics = new ArrayList<>();
        if (conversions) {
            metrics.add(new Observations.MetricData(EventFiles.CONVERTED, true,
                s.served.stream().map(v -> v.counters.conversionSample()).toList()));
        }
        for (String metric : metricNames) {
            metrics.add(new Observations.MetricData(metric, false,
                s.served.stream().map(v -> v.counters.metricSample(metric)).toList()));
        }
        return new Observations(names, units, metrics, health, 0);
    }

    /** A variant's serving health from its counters: unknown before its first prediction. */
    private static Observations.Health health(VariantCounters c) {
        long requests = c.predictions();
        return requests == 0 ? Observations.Health.unknown()
            : new Observations.Health(requests, OptionalDouble.of((double) c.errors() / requests),
                OptionalDouble.of(c.latencyAtPercentile(99) / 1e6));
    }

    /**
     * Judges the live observations ({@link Analyzer#analyze}); mSPRT p-values are running minima over
     * every analysis of this router, so looking often is safe.
     *
     * @throws IllegalArgumentException if no outcome was reported yet, or not for the metric the
     *                                  settings name
     */
    public Analysis analyze() {
        return analyzer.analyze(snapshot.experiment, observations());
    }

    /**
     * Promotes the winner of an analysis through the registry: resolves the winner's model
     * reference to its current version and moves the alias or stage of {@code promotion} there.
     *
     * @return the promoted version, or empty when there is no winner
     * @throws IllegalArgumentException                     if the analysis is of another experiment
     * @throws dev.mlops.registry.ConflictException         if the lifecycle forbids the transition
     * @throws dev.mlops.registry.PromotionRefusedException if a registry gate refuses
     */
    public Optional<ModelVersion> promoteWinner(Analysis analysis, Promotion promotion) {
        return Promoter.promote(registry, snapshot.experiment, analysis, promotion);
    }

    /** Tells a listener about every automatic canary rollback from now on. */
    public void addListener(RollbackListener listener) {
        rollbackListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling a listener; nothing happens if it was not added. */
    public void removeListener(RollbackListener listener) {
        rollbackListeners.remove(listener);
    }

    /** Tells a listener about every configuration change from now on. */
    public void addListener(ExperimentListener listener) {
        experimentListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling a listener; nothing happens if it was not added. */
    public void removeListener(ExperimentListener listener) {
        experimentListeners.remove(listener);
    }

    /** Stops the shadow thread; routing keeps working. */
    @Override
    public void close() {
        if (shadow != null) {
            shadow.close();
        }
    }

    /**
     * Configures a {@link Router}.
     *
     * @param <M> the model type
     */
    public static final class Builder<M> {
        private final ModelRegistry registry;
        private final ModelFormat<M> format;
        private final Experiment experiment;
        private StickyAssignments sticky;
        private String shadowRef;
        private BiPredicate<Object, Object> agreement = Objects::equals;
        private int shadowQueue = 1024;

        private Builder(ModelRegistry registry, ModelFormat<M> format, Experiment experiment) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.format = Objects.requireNonNull(format, "format");
            this.experiment = Objects.requireNonNull(experiment, "experiment");
        }

        /** Remembers assignments in a store (see {@link StickyAssignments}). */
        public Builder<M> sticky(StickyAssignments store) {
            this.sticky = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Mirrors every prediction to a shadow model, comparing results with {@link Objects#equals}
         * and holding at most 1024 waiting copies.
         *
         * @throws IllegalArgumentException if the reference is malformed
         */
        public Builder<M> shadow(String modelRef) {
            return shadow(modelRef, Objects::equals, 1024);
        }

        /**
         * Mirrors every prediction to a shadow model.
         *
         * @param agreement     whether a shadow result agrees with the served one
         * @param queueCapacity copies waiting at most; more are dropped
         * @throws IllegalArgumentException if the reference is malformed or the capacity not positive
         */
        public Builder<M> shadow(String modelRef, BiPredicate<Object, Object> agreement, int queueCapacity) {
            dev.mlops.registry.ModelRef.parse(modelRef);
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("shadow queue capacity must be positive, was " + queueCapacity);
            }
            this.shadowRef = modelRef;
            this.agreement = Objects.requireNonNull(agreement, "agreement");
            this.shadowQueue = queueCapacity;
            return this;
        }

        /**
         * The router.
         *
         * @throws IllegalArgumentException if a variant's (or the shadow's) model is registered in a
         *     format this router's format does not read, naming both
         */
        public Router<M> build() {
            for (Variant variant : experiment.variants()) {
                requireReadable(registry, format, "variant '" + variant.name() + "'", variant.model());
            }
            if (shadowRef != null) {
                requireReadable(registry, format, "the shadow", shadowRef);
            }
            return new Router<>(this);
        }
    }

    /**
     * Fails when {@code ref} resolves to a version of a format {@code format} cannot read; a
     * reference that does not resolve yet (an alias set later) is left to serving time.
     */
    private static void requireReadable(ModelRegistry registry, ModelFormat<?> format, String what, String ref) {
        Optional<ModelVersion> version;
        try {
            version = Optional.of(registry.get(ref));
        } catch (dev.mlops.registry.ModelNotFoundException e) {
            version = Optional.empty();
        }
        version.filter(v -> !v.format().isEmpty() && !format.reads(v.format())).ifPresent(v -> {
            throw new IllegalArgumentException(what + " names " + v.ref() + ", a '" + v.format()
                    + "' artifact, which this router's format '" + format.name() + "' does not read");
        });
    }
}
