package dev.mlops.routing;

import dev.mlops.fleet.FleetNames;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.routing.internal.VariantCounters;
import dev.mlops.spi.TelemetryStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes one router's counts to the store, per window, as this instance's telemetry buckets
 * ({@link TelemetryBucket#EXPERIMENT}): readers anywhere merge every instance's buckets
 * ({@link StoredExperiments#counts}) and judge the fleet.
 *
 * <p>A flush reads the router's counters off the routing path (adder sums and a histogram copy;
 * routing itself is unchanged) and writes the counts since the window opened, replacing what the
 * previous flush of the window wrote, so a retried or repeated flush counts once. When the clock
 * has passed the window's end, the flush writes the window's final counts and opens the next
 * window where it read: every count lands in exactly one window. An instance killed with
 * {@code kill -9} loses what it counted since its last flush.
 *
 * <pre>{@code
 * try (FleetTelemetry telemetry = FleetTelemetry.start(router, store, "pod-7",
 *         Duration.ofMinutes(1), Duration.ofSeconds(5), InstantSource.system())) {
 *     ... serve ...
 * }   // closing flushes once more
 * }</pre>
 */
public final class FleetTelemetry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetTelemetry.class);

    private final Router<?> router;
    private final TelemetryStore store;
    private final String instance;
    private final long windowMillis;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, VariantCounters.Tally> baseline = new HashMap<>();
    private long window = -1;
    /** A closed window's final bucket whose write failed: written first by the next flush. */
    private TelemetryBucket pending;

    private FleetTelemetry(Router<?> router, TelemetryStore store, String instance, Duration window, InstantSource clock,
                           ScheduledExecutorService scheduler) {
        FleetNames.requireValid("instance", instance);
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least a millisecond, was " + window);
        }
        this.router = Objects.requireNonNull(router, "router");
        this.store = Objects.requireNonNull(store, "store");
        this.instance = instance;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * Flushes a router's counts every {@code flushInterval} on a daemon thread of its own.
     *
     * @param window        the length of a window, at least a millisecond
     * @param flushInterval how often to flush; what is counted since is lost if the process dies
     * @throws IllegalArgumentException if the instance name is invalid or a duration not positive
     */
    public static FleetTelemetry start(Router<?> router, TelemetryStore store, String instance, Duration window,
                                       Duration flushInterval, InstantSource clock) {
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive, was " + flushInterval);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlops-telemetry-" + instance);
            t.setDaemon(true);
            return t;
        });
        FleetTelemetry telemetry = new FleetTelemetry(router, store, instance, window, clock, scheduler);
        scheduler.scheduleWithFixedDelay(telemetry::flushQuietly, flushInterval.toMillis(), flushInterval.toMillis(),
            TimeUnit.MILLISECONDS);
        return telemetry;
    }

    /**
     * A flusher that flushes only when {@link #flush} is called (for tests and for callers with
     * a scheduler of their own).
     *
     * @throws IllegalArgumentException if the instance name is invalid or the window not positive
     */
    public static FleetTelemetry manual(Router<?> router, TelemetryStore store, String instance, Duration window,
                                        InstantSource clock) {
        return new FleetTelemetry(router, store, instance, window, clock, null);
    }

    /**
     * Writes the open window's counts now; when the clock has passed its end, writes its final
     * counts and opens the window the clock is in.
     *
     * @return the window written (its start, epoch milliseconds)
     * @throws dev.mlops.registry.StorageException if the store fails (the counts stay, and the
     *                                             next flush writes them)
     */
    public synchronized long flush() {
        if (pending != null) {
            store.putBucket(pending);
            pending = null;
        }
        long now = clock.millis();
        long current = now - Math.floorMod(now, windowMillis);
        if (window < 0) {
            window = current;
        }
        boolean closing = current != window;
        Map<String, VariantCounters.Tally> tallies = new TreeMap<>();
        router.allCounters().forEach((name, counters) -> tallies.put(name, counters.tally(closing)));
        Set<String> metrics = new LinkedHashSet<>();
        Map<String, FleetCounts.VariantCounts> variants = new LinkedHashMap<>();
        for (Map.Entry<String, VariantCounters.Tally> e : tallies.entrySet()) {
            VariantCounters.Tally read = e.getValue();
            VariantCounters.Tally base = baseline.getOrDefault(e.getKey(), VariantCounters.Tally.zero());
            Map<String, FleetCounts.MetricCounts> perMetric = new LinkedHashMap<>();
            long outcomes = read.conversionUnits() - base.conversionUnits();
            if (outcomes > 0) {
                long k = read.conversions() - base.conversions();
                perMetric.put(EventFiles.CONVERTED, new FleetCounts.MetricCounts(outcomes, k, (double) k / outcomes,
                    Math.max(0, k - (double) k * k / outcomes), true));
            }
            perMetric.putAll(read.windowMetrics());
            Histogram latency = read.latency().copy();
            latency.subtract(base.latency());
            variants.put(e.getKey(), new FleetCounts.VariantCounts(read.assignments() - base.assignments(),
                read.predictions() - base.predictions(), read.errors() - base.errors(), latency, perMetric));
            if (perMetric.containsKey(EventFiles.CONVERTED)) {
                metrics.add(EventFiles.CONVERTED);
            }
        }
        variants.values().forEach(v -> v.metrics().keySet().stream().sorted().forEach(metrics::add));
        List<String> order = new ArrayList<>(metrics);
        FleetCounts counts = new FleetCounts(order, variants, 0, 0);
        long written = window;
        TelemetryBucket bucket = new TelemetryBucket(TelemetryBucket.EXPERIMENT, router.experiment().id(), instance,
            written, clock.instant(), counts.toJson());
        if (closing) {
            baseline.putAll(tallies);
            window = current;
            pending = bucket;
        }
        store.putBucket(bucket);
        pending = null;
        return written;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("experiment '{}': flushing the counts of instance '{}' failed; the next flush writes them: {}",
                router.experiment().id(), instance, e.toString());
        }
    }

    /** Stops flushing, after one last flush. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }
}
