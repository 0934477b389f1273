package dev.mlops.micrometer;

import dev.mlops.drift.DriftAlert;
import dev.mlops.drift.DriftAlertListener;
import dev.mlops.drift.DriftMonitor;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.Severity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Meters of a {@link DriftMonitor}, from its latest check ({@link DriftMonitor#lastReport()}) and
 * its alerts. Binding adds nothing to {@link DriftMonitor#record}.
 *
 * <table>
 * <caption>Meters (every one tagged {@code monitor} and the constructor's tags)</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code mlops.drift.rows}</td><td>function counter: rows recorded</td><td></td></tr>
 * <tr><td>{@code mlops.drift.score}</td><td>gauge: the effect size of the feature's deciding test at
 *     the latest check (Kolmogorov-Smirnov D, or Cramér's V for categories; NaN before the first check or
 *     while the window fills)</td><td>{@code feature}</td></tr>
 * <tr><td>{@code mlops.drift.severity}</td><td>gauge: 0 none, 1 low, 2 medium, 3 high, 4 critical</td>
 *     <td>{@code feature}</td></tr>
 * <tr><td>{@code mlops.drift.alerts}</td><td>function counter: alerts raised (after the cooldown)</td>
 *     <td>{@code feature}, {@code severity}</td></tr>
 * </table>
 */
public final class DriftMonitorMetrics implements MeterBinder, AutoCloseable {

    private final DriftMonitor monitor;
    private final Tags tags;
    private final BoundMeters meters = new BoundMeters();
    private final Map<List<String>, LongAdder> alerts = new ConcurrentHashMap<>();
    private final DriftAlertListener listener = this::onAlert;
    private final AtomicBoolean listening = new AtomicBoolean();

    /**
     * Meters of {@code monitor}, tagged {@code monitor=name} (e.g. the model it watches) and
     * {@code tags}.
     */
    public DriftMonitorMetrics(DriftMonitor monitor, String name, Iterable<Tag> tags) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.tags = Tags.of(tags).and("monitor", Objects.requireNonNull(name, "name"));
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        meters.bind(meterRegistry);
        meters.add("rows", r -> FunctionCounter.builder("mlops.drift.rows", monitor, DriftMonitor::recordedRows)
                .tags(tags).description("production rows recorded by the drift monitor").register(r));
        List<String> features = new ArrayList<>(monitor.numericFeatures());
        features.addAll(monitor.categoricalFeatures());
        for (String feature : features) {
            Tags featureTags = tags.and("feature", feature);
            meters.add(List.of("score", feature), r -> Gauge.builder("mlops.drift.score", monitor,
                            m -> feature(m, feature).flatMap(f -> f.effectSize().isPresent()
                                    ? Optional.of(f.effectSize().getAsDouble()) : Optional.empty()).orElse(Double.NaN))
                    .tags(featureTags).description("effect size of the feature's deciding test at the latest check")
                    .register(r));
            meters.add(List.of("severity", feature), r -> Gauge.builder("mlops.drift.severity", monitor,
                            m -> feature(m, feature).map(f -> f.severity().ordinal()).orElse(0))
                    .tags(featureTags).description("drift severity at the latest check: 0 none to 4 critical")
                    .register(r));
        }
        if (listening.compareAndSet(false, true)) {
            monitor.addListener(listener);
        }
    }

    private static Optional<FeatureDrift> feature(DriftMonitor monitor, String feature) {
        return monitor.lastReport().flatMap((DriftReport report) -> report.feature(feature));
    }

    private void onAlert(DriftAlert alert) {
        List<String> key = List.of(alert.feature(), lower(alert.severity()));
        alerts.computeIfAbsent(key, k -> {
            LongAdder count = new LongAdder();
            meters.add(List.of("alerts", k), r -> FunctionCounter.builder("mlops.drift.alerts", count, LongAdder::sum)
                    .tags(tags.and("feature", k.get(0), "severity", k.get(1))).description("drift alerts raised")
                    .register(r));
            return count;
        }).increment();
    }

    private static String lower(Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }

    /** Stops following the monitor's alerts and removes this binder's meters. */
    @Override
    public void close() {
        if (listening.compareAndSet(true, false)) {
            monitor.removeListener(listener);
        }
        meters.removeAll();
    }
}
