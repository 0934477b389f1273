package dev.mlops.micrometer;

import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.RegistryStats;
import dev.mlops.registry.Stage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters of a {@link ModelRegistry}: what it did in this process ({@link ModelRegistry#stats()})
 * and which versions serve ({@value #MODEL_INFO}).
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code mlops.registry.cache.gets}</td><td>function counter</td><td>{@code result}: hit, miss</td></tr>
 * <tr><td>{@code mlops.registry.loads}</td><td>function counter</td><td>{@code result}: success, failure</td></tr>
 * <tr><td>{@code mlops.registry.verifications}</td><td>function counter</td><td>{@code result}: valid, invalid</td></tr>
 * <tr><td>{@code mlops.registry.registrations}</td><td>function counter</td><td></td></tr>
 * <tr><td>{@code mlops.registry.promotions}</td><td>function counter</td><td>{@code stage}: the target stage</td></tr>
 * <tr><td>{@code mlops.registry.rollbacks}</td><td>function counter</td><td></td></tr>
 * <tr><td>{@value #MODEL_INFO}</td><td>gauge, always 1</td><td>{@code model}, {@code version}, {@code stage},
 *     {@code alias} ({@code none} for a version without one)</td></tr>
 * </table>
 *
 * <p>{@value #MODEL_INFO} has one series per version that is in production or staging or has an
 * alias, and per alias of it; it follows promotions, rollbacks and alias moves through a registry
 * listener, also those made by other processes on the same store (within the registry's refresh
 * interval). The counts are this process's: a fleet's sum is the fleet's activity. Every meter
 * also carries the tags given to the constructor.
 */
public final class RegistryMetrics implements MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryMetrics.class);

    /** The name of the gauge that says which version of a model serves in which stage or alias. */
    public static final String MODEL_INFO = "mlops.model.info";
    /** The {@code alias} tag's value on a series of a version without alias. */
    public static final String NO_ALIAS = "none";

    private final ModelRegistry registry;
    private final Tags tags;
    private final BoundMeters meters = new BoundMeters();
    private final RegistryListener listener = this::onEvent;
    private final AtomicBoolean listening = new AtomicBoolean();

    /**
     * Meters of {@code registry}, each with {@code tags} too (e.g. the store's name when a service
     * has several registries).
     */
    public RegistryMetrics(ModelRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(tags);
    }

    /** One key of an {@value #MODEL_INFO} series. */
    private record Info(String model, int version, Stage stage, String alias) {
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        meters.bind(meterRegistry);
        counter("cache.gets", "result", "hit", "load calls answered from the model cache", RegistryStats::cacheHits);
        counter("cache.gets", "result", "miss", "load calls that resolved the reference again",
                RegistryStats::cacheMisses);
        counter("loads", "result", "success", "models deserialized from verified artifacts",
                s -> s.loads() - s.loadFailures());
        counter("loads", "result", "failure", "model loads that failed", RegistryStats::loadFailures);
        counter("verifications", "result", "valid", "artifacts that matched their digest and signature",
                s -> s.verifications() - s.verificationFailures());
        counter("verifications", "result", "invalid", "artifacts that did not match their digest or signature",
                RegistryStats::verificationFailures);
        counter("registrations", null, null, "versions registered", RegistryStats::registrations);
        for (Stage stage : Stage.values()) {
            counter("promotions", "stage", lower(stage), "versions moved to a stage by promote",
                    s -> s.promotions().get(stage));
        }
        counter("rollbacks", null, null, "rollbacks to an earlier production version", RegistryStats::rollbacks);
        // outside any lock of ours: the registry delivers events holding a lock of its own
        if (listening.compareAndSet(false, true)) {
            registry.addListener(listener);
            for (ModelSummary model : registry.models()) {
                refresh(model.name());
            }
        }
    }

    private void counter(String name, String tagKey, String tagValue, String description,
            ToLongFunction<RegistryStats> count) {
        Tags all = tagKey == null ? tags : tags.and(tagKey, tagValue);
        meters.add(List.of(name, all), r -> FunctionCounter.builder("mlops.registry." + name, registry,
                        reg -> count.applyAsLong(reg.stats()))
                .tags(all).description(description).register(r));
    }

    private void onEvent(RegistryEvent event) {
        refresh(event.name());
    }

    /** Brings the {@value #MODEL_INFO} series of one model in line with the registry. */
    private synchronized void refresh(String model) {
        Set<Info> wanted = new HashSet<>();
        try {
            for (ModelVersion v : registry.versions(model)) {
                if (v.stage() == Stage.PRODUCTION || v.stage() == Stage.STAGING) {
                    wanted.add(new Info(model, v.version(), v.stage(), NO_ALIAS));
                }
                for (String alias : v.aliases()) {
                    wanted.add(new Info(model, v.version(), v.stage(), alias));
                }
            }
        } catch (ModelNotFoundException e) {
            log.debug("model {} has no versions (yet)", model);
        } catch (RuntimeException e) {
            log.warn("cannot read the versions of {} for {}: {}", model, MODEL_INFO, e.toString());
            return;
        }
        for (Object key : meters.keys()) {
            if (key instanceof Info info && info.model.equals(model) && !wanted.contains(info)) {
                meters.remove(info);
            }
        }
        for (Info info : wanted) {
            meters.add(info, r -> Gauge.builder(MODEL_INFO, () -> 1)
                    .tags(tags.and("model", info.model, "version", Integer.toString(info.version),
                            "stage", lower(info.stage), "alias", info.alias))
                    .description("1 for each version that serves in a stage or under an alias")
                    .register(r));
        }
    }

    private static String lower(Stage stage) {
        return stage.name().toLowerCase(Locale.ROOT);
    }

    /** Stops following the registry and removes this binder's meters. */
    @Override
    public void close() {
        if (listening.compareAndSet(true, false)) {
            registry.removeListener(listener);
        }
        synchronized (this) {
            meters.removeAll();
        }
    }
}
