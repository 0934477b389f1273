package dev.mlops.micrometer;

import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryListener;
import dev.mlops.routing.Analysis;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.ExperimentListener;
import dev.mlops.routing.RollbackListener;
import dev.mlops.routing.Router;
import dev.mlops.routing.ServedVariant;
import dev.mlops.routing.ShadowStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters of a {@link Router}, read from the router's own per-variant counters: binding adds nothing
 * to {@link Router#route} or {@link Router#predict}, which stay allocation- and lock-free.
 *
 * <table>
 * <caption>Meters (every one tagged {@code experiment} and the constructor's tags)</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@value #ASSIGNMENTS}</td><td>function counter</td><td>{@code variant}</td></tr>
 * <tr><td>{@value #PREDICTIONS}</td><td>function timer: count and total time of
 *     {@link Router#predict} calls (model lookup included)</td><td>{@code variant}, {@code model},
 *     {@code version} ({@code none} while the reference resolves to nothing)</td></tr>
 * <tr><td>{@code mlops.router.prediction.errors}</td><td>function counter: predictions that threw</td>
 *     <td>{@code variant}</td></tr>
 * <tr><td>{@code mlops.router.conversions}</td><td>function counter: reported outcomes</td>
 *     <td>{@code variant}, {@code outcome}: converted, not-converted</td></tr>
 * <tr><td>{@code mlops.router.share}</td><td>gauge: the variant's share of units now, 0 to 1</td>
 *     <td>{@code variant}</td></tr>
 * <tr><td>{@code mlops.router.guardrail.trips}</td><td>function counter: automatic canary rollbacks</td>
 *     <td>{@code guardrail}: the breached check</td></tr>
 * <tr><td>{@code mlops.router.shadow.requests}</td><td>function counter, with a shadow only</td>
 *     <td>{@code shadow} (its reference), {@code result}: agreed, disagreed, failed, dropped</td></tr>
 * <tr><td>{@code mlops.router.shadow.agreement}</td><td>gauge: agreed over compared (NaN before any)</td>
 *     <td>{@code shadow}</td></tr>
 * </table>
 *
 * <p>A variant whose reference moves to another version ({@code churn@production} after a
 * promotion) starts a series with the new {@code version} tag; the old series keeps its final
 * count, so a variant's series sum to its predictions. Predictions in flight while the version
 * changes may count to either. Variants added by {@link Router#update} get their meters then.
 */
public final class RouterMetrics implements MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RouterMetrics.class);

    /** Units routed to each variant. */
    public static final String ASSIGNMENTS = "mlops.router.assignments";
    /** Predictions per model, version and variant. */
    public static final String PREDICTIONS = "mlops.predictions";
    /** The {@code version} tag's value while a variant's reference resolves to no version. */
    public static final String NO_VERSION = "none";

    private final Router<?> router;
    private final ModelRegistry registry;
    private final Tags tags;
    private final BoundMeters meters = new BoundMeters();
    private final Map<String, Segment> current = new HashMap<>();
    private final Map<List<String>, Segment> segments = new HashMap<>();
    private final Map<String, LongAdder> trips = new HashMap<>();
    private final ExperimentListener experimentListener = (previous, next) -> refresh();
    private final RollbackListener rollbackListener = this::onRollback;
    private final RegistryListener registryListener = this::onRegistryEvent;
    private final AtomicBoolean listening = new AtomicBoolean();

    /**
     * Meters of {@code router}, whose variants' references {@code registry} resolves (the registry
     * the router was built with); each meter also carries {@code tags}.
     */
    public RouterMetrics(Router<?> router, ModelRegistry registry, Iterable<Tag> tags) {
        this.router = Objects.requireNonNull(router, "router");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(tags).and("experiment", router.experiment().id());
    }

    /**
     * A variant's predictions while its reference resolved to one version: the router's counts
     * minus those at the start of each period it was open, plus those of the periods before.
     */
    private static final class Segment {
        private final ServedVariant<?> variant;
        private long closedCount;
        private long closedNanos;
        private long startCount;
        private long startNanos;
        private boolean open;

        Segment(ServedVariant<?> variant) {
            this.variant = variant;
        }

        synchronized void open() {
            startCount = variant.predictions();
            startNanos = variant.predictionNanos();
            open = true;
        }

        synchronized void close() {
            closedCount = count();
            closedNanos = (long) nanos();
            open = false;
        }

        synchronized long count() {
            return open ? closedCount + variant.predictions() - startCount : closedCount;
        }

        synchronized double nanos() {
            return open ? closedNanos + variant.predictionNanos() - startNanos : closedNanos;
        }
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        meters.bind(meterRegistry);
        refresh();
        router.shadowStats().ifPresent(shadow -> bindShadow(shadow.model()));
        // outside any lock of ours: the registry delivers events holding a lock of its own
        if (listening.compareAndSet(false, true)) {
            router.addListener(experimentListener);
            router.addListener(rollbackListener);
            registry.addListener(registryListener);
        }
    }

    private void bindShadow(String shadowRef) {
        Tags shadowTags = tags.and("shadow", shadowRef);
        shadowCounter(shadowTags, "agreed", ShadowStats::agreed);
        shadowCounter(shadowTags, "disagreed", s -> s.compared() - s.agreed());
        shadowCounter(shadowTags, "failed", ShadowStats::failed);
        shadowCounter(shadowTags, "dropped", ShadowStats::dropped);
        meters.add(List.of("shadow.agreement"), r -> Gauge.builder("mlops.router.shadow.agreement", router,
                        x -> x.shadowStats().map(ShadowStats::agreementRate).orElse(Double.NaN))
                .tags(shadowTags).description("shadow results that agreed with the served ones, of those compared")
                .register(r));
    }

    private void shadowCounter(Tags shadowTags, String result, ToDoubleFunction<ShadowStats> count) {
        meters.add(List.of("shadow", result), r -> FunctionCounter.builder("mlops.router.shadow.requests", router,
                        x -> x.shadowStats().map(count::applyAsDouble).orElse(0.0))
                .tags(shadowTags.and("result", result)).description("request copies sent to the shadow model")
                .register(r));
    }

    /** Registers the meters of new variants and follows version changes of the variants' references. */
    private synchronized void refresh() {
        for (ServedVariant<?> variant : router.variants()) {
            String name = variant.name();
            bindVariant(variant);
            String model;
            String version;
            try {
                model = ModelRef.parse(variant.modelRef()).name();
                version = registry.find(variant.modelRef()).map(v -> Integer.toString(v.version())).orElse(NO_VERSION);
            } catch (RuntimeException e) {
                log.warn("cannot resolve {} of variant '{}' for {}: {}", variant.modelRef(), name, PREDICTIONS, e.toString());
                continue;
            }
            List<String> key = List.of(name, model, version);
            Segment segment = segments.get(key);
            if (segment != null && segment == current.get(name)) {
                continue;
            }
            Segment previous = current.get(name);
            if (previous != null) {
                previous.close();
            }
            if (segment == null) {
                segment = new Segment(variant);
                segments.put(key, segment);
                Segment counted = segment;
                meters.add(key, r -> FunctionTimer.builder(PREDICTIONS, counted, Segment::count, Segment::nanos,
                                TimeUnit.NANOSECONDS)
                        .tags(tags.and("variant", name, "model", model, "version", version))
                        .description("predictions served through the router, model lookup included")
                        .register(r));
            }
            segment.open();
            current.put(name, segment);
        }
    }

    private void bindVariant(ServedVariant<?> variant) {
        String name = variant.name();
        if (meters.has(List.of("assignments", name))) {
            return;
        }
        Tags variantTags = tags.and("variant", name);
        meters.add(List.of("assignments", name), r -> FunctionCounter.builder(ASSIGNMENTS, variant,
                        ServedVariant::assignments)
                .tags(variantTags).description("units routed to the variant, repeat visits included").register(r));
        meters.add(List.of("errors", name), r -> FunctionCounter.builder("mlops.router.prediction.errors", variant,
                        ServedVariant::errors)
                .tags(variantTags).description("predictions on the variant that threw").register(r));
        meters.add(List.of("converted", name), r -> FunctionCounter.builder("mlops.router.conversions", variant,
                        v -> v.conversions().successes())
                .tags(variantTags.and("outcome", "converted")).description("conversion outcomes reported")
                .register(r));
        meters.add(List.of("not-converted", name), r -> FunctionCounter.builder("mlops.router.conversions", variant,
                        v -> v.conversions().count() - v.conversions().successes())
                .tags(variantTags.and("outcome", "not-converted")).description("conversion outcomes reported")
                .register(r));
        meters.add(List.of("share", name), r -> Gauge.builder("mlops.router.share", router, x -> share(x, name))
                .tags(variantTags).description("the variant's share of units in the configuration in force")
                .register(r));
    }

    private static double share(Router<?> router, String variant) {
        Experiment experiment = router.experiment();
        int index = experiment.indexOf(variant);
        return index < 0 ? 0 : experiment.shares()[index];
    }

    private void onRollback(Analysis.GuardrailCheck breach) {
        LongAdder count;
        synchronized (this) {
            count = trips.computeIfAbsent(breach.check(), check -> {
                LongAdder adder = new LongAdder();
                meters.add(List.of("trips", check), r -> FunctionCounter.builder("mlops.router.guardrail.trips", adder,
                                LongAdder::sum)
                        .tags(tags.and("guardrail", check)).description("automatic canary rollbacks")
                        .register(r));
                return adder;
            });
        }
        count.increment();
    }

    private void onRegistryEvent(RegistryEvent event) {
        for (ServedVariant<?> variant : router.variants()) {
            if (ModelRef.parse(variant.modelRef()).name().equals(event.name())) {
                refresh();
                return;
            }
        }
    }

    /** Stops following the router and the registry and removes this binder's meters. */
    @Override
    public void close() {
        if (listening.compareAndSet(true, false)) {
            router.removeListener(experimentListener);
            router.removeListener(rollbackListener);
            registry.removeListener(registryListener);
        }
        synchronized (this) {
            meters.removeAll();
        }
    }
}
