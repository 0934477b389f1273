package dev.mlops.routing.internal;

import dev.mlops.routing.FleetCounts;
import dev.mlops.stats.Sample;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One variant's live counters. Assignment and prediction counts are {@link LongAdder}s and
 * latencies go to an HdrHistogram {@link Recorder}: recording is wait-free and allocates nothing.
 * Outcome metrics (Welford) take a per-metric lock; they are reported once per unit, off the
 * routing path.
 */
public final class VariantCounters {

    /** Latencies above this are recorded as this (one hour). */
    static final long MAX_LATENCY_NANOS = TimeUnit.HOURS.toNanos(1);

    private final LongAdder assignments = new LongAdder();
    private final LongAdder predictions = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final AtomicLong sinceGuardrailCheck = new AtomicLong();
    private final LongAdder conversionUnits = new LongAdder();
    private final LongAdder conversions = new LongAdder();
    private final Recorder latency = new Recorder(1, MAX_LATENCY_NANOS, 2);
    private final Histogram latencyTotal = new Histogram(1, MAX_LATENCY_NANOS, 2);
    private Histogram interval;
    private final Map<String, Welford> metrics = new ConcurrentHashMap<>();
    /** The values of each metric since the last window closed ({@link #tally}); guarded by the metric's Welford. */
    private final Map<String, Welford> windowMetrics = new ConcurrentHashMap<>();

    /** Counts one assignment. */
    public void assigned() {
        assignments.increment();
    }

    /**
     * Counts one prediction and its latency.
     *
     * @return the number of predictions since the last guardrail check was due, so callers check
     *         every so many predictions
     */
    public long predicted(long nanos, boolean failed) {
        predictions.increment();
        if (failed) {
            errors.increment();
        }
        latencyNanos.add(nanos);
        latency.recordValue(Math.max(1, Math.min(nanos, MAX_LATENCY_NANOS)));
        return sinceGuardrailCheck.incrementAndGet();
    }

    /** Counts one unit's conversion outcome. */
    public void converted(boolean converted) {
        conversionUnits.increment();
        if (converted) {
            conversions.increment();
        }
    }

    /** Adds one unit's value of a metric. */
    public void value(String metric, double value) {
        Welford welford = metrics.computeIfAbsent(metric, name -> new Welford());
        synchronized (welford) {
            welford.add(value);
            windowMetrics.computeIfAbsent(metric, name -> new Welford()).add(value);
        }
    }

    /** Assignments so far. */
    public long assignments() {
        return assignments.sum();
    }

    /** Predictions so far, failed ones included. */
    public long predictions() {
        return predictions.sum();
    }

    /** Failed predictions so far. */
    public long errors() {
        return errors.sum();
    }

    /** The summed latency of the predictions so far, ns: with {@link #predictions()}, the mean. */
    public long latencyNanos() {
        return latencyNanos.sum();
    }

    /** Conversion outcomes as a sample (rate k/n). */
    public Sample conversionSample() {
        long units = conversionUnits.sum();
        return Sample.ofConversions(Math.min(conversions.sum(), units), units);
    }

    /** Whether any conversion outcome was reported. */
    public boolean hasConversions() {
        return conversionUnits.sum() > 0;
    }

    /** The sample of a metric, if any value was reported. */
    public Sample metricSample(String metric) {
        Welford welford = metrics.get(metric);
        if (welford == null) {
            return new Sample(0, 0, 0);
        }
        synchronized (welford) {
            return welford.sample();
        }
    }

    /** The metrics with reported values. */
    public java.util.Set<String> metricNames() {
        return metrics.keySet();
    }

    /**
     * The latency (ns) at a percentile of all predictions so far, 0 before any.
     *
     * @param percentile in [0, 100]
     */
    public long latencyAtPercentile(double percentile) {
        synchronized (latencyTotal) {
            interval = latency.getIntervalHistogram(interval);  // recycled: reading allocates nothing after the first time
            latencyTotal.add(interval);
            return latencyTotal.getTotalCount() == 0 ? 0 : latencyTotal.getValueAtPercentile(percentile);
        }
    }

    /**
     * The cumulative counts now, for a flush: every counter is read off the routing path (the
     * adders' sums, a copy of the latency histogram), and the metric values since the window last
     * closed, closing it when asked (atomically with each metric's reporting, so every value lands
     * in exactly one window).
     */
    public Tally tally(boolean closeWindow) {
        Map<String, FleetCounts.MetricCounts> window = new TreeMap<>();
        for (Map.Entry<String, Welford> e : metrics.entrySet()) {
            synchronized (e.getValue()) {
                Welford w = closeWindow ? windowMetrics.remove(e.getKey()) : windowMetrics.get(e.getKey());
                if (w != null) {
                    window.put(e.getKey(), w.counts());
                }
            }
        }
        Histogram latencyCopy;
        synchronized (latencyTotal) {
            interval = latency.getIntervalHistogram(interval);
            latencyTotal.add(interval);
            latencyCopy = latencyTotal.copy();
        }
        return new Tally(assignments.sum(), predictions.sum(), errors.sum(), conversionUnits.sum(), conversions.sum(),
            latencyCopy, window);
    }

    /**
     * Cumulative counts at one moment, and the metric values of the open window.
     *
     * @param assignments     assignments so far
     * @param predictions     predictions so far
     * @param errors          failed predictions so far
     * @param conversionUnits conversion outcomes so far
     * @param conversions     positive outcomes so far
     * @param latency         every latency so far (ns)
     * @param windowMetrics   per metric, the values of the open window
     */
    public record Tally(long assignments, long predictions, long errors, long conversionUnits, long conversions,
                        Histogram latency, Map<String, FleetCounts.MetricCounts> windowMetrics) {

        /** Nothing counted yet. */
        public static Tally zero() {
            return new Tally(0, 0, 0, 0, 0, FleetCounts.VariantCounts.newHistogram(), Map.of());
        }
    }

    /** Resets the count of predictions since the last guardrail check. */
    public void guardrailsChecked() {
        sinceGuardrailCheck.set(0);
    }
}
