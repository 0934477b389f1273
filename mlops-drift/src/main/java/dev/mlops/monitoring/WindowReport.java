package dev.mlops.monitoring;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.drift.Severity;
import dev.mlops.model.Metric;
import dev.mlops.registry.PerformanceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One closed monitor window of a version: how it performed on the predictions whose ground truth
 * arrived, whether its inputs and predictions drifted, and what that means.
 *
 * <p>Stored as a {@link PerformanceRecord} of the version: the defined metrics by JSON name, the
 * instance, and the drift as its {@link PerformanceRecord.DriftSummary}. The verdict is not stored:
 * it is a function of those values and the version's {@link Baseline} ({@link #assess}), so
 * {@link #fromRecord} gives it back. Records written before the summary was a field of its own hold
 * it in their metrics under {@value #DRIFTED_SHARE}, {@value #MAX_SEVERITY} (the severity's ordinal)
 * and {@value #PREDICTION_P}; {@link #fromRecord} reads those too. A record without either (written
 * by other code that did not check the inputs) reads as no drift.
 *
 * @param name the model
 * @param version the version monitored
 * @param instance the service instance that monitored, or empty
 * @param time when the window closed, truncated to milliseconds as stored
 * @param sampleCount predictions with ground truth in the window
 * @param metrics live metrics by JSON name, in {@link Metric} order; {@code NaN} where undefined
 * @param driftedShare share of the profile's features that drifted
 * @param maxSeverity the largest drift severity of a feature
 * @param driftedFeatures the features that drifted, in the profile's order
 * @param predictionPValue chi-square p-value of the predicted labels against validation time, when tested
 * @param alerts what to act on, in the order kinds are listed in {@link MonitorAlert.Kind}
 */
public record WindowReport(String name, int version, String instance, Instant time, long sampleCount,
        Map<String, Double> metrics, double driftedShare, Severity maxSeverity, List<String> driftedFeatures,
        OptionalDouble predictionPValue, List<MonitorAlert> alerts) {

    /** Metric key under which records of before the drift summary held the share of drifted features: {@value}. */
    public static final String DRIFTED_SHARE = "drift.driftedShare";
    /** Metric key under which older records held the largest drift severity's ordinal: {@value}. */
    public static final String MAX_SEVERITY = "drift.maxSeverity";
    /** Metric key under which older records held the prediction drift p-value: {@value}. */
    public static final String PREDICTION_P = "drift.predictionPValue";
    /** Significance level of the prediction drift test. */
    static final double PREDICTION_ALPHA = 0.01;

    public WindowReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instance, "instance");
        time = time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        Objects.requireNonNull(maxSeverity, "maxSeverity");
        driftedFeatures = List.copyOf(driftedFeatures);
        Objects.requireNonNull(predictionPValue, "predictionPValue");
        alerts = List.copyOf(alerts);
    }

    /** Whether the version did worse than tolerated: a metric dropped or the inputs drifted. */
    public boolean degraded() {
        return alerts.stream().anyMatch(a -> a.kind() != MonitorAlert.Kind.PREDICTION_DRIFT);
    }

    /** The alerts' messages. */
    public List<String> reasons() {
        return alerts.stream().map(MonitorAlert::message).toList();
    }

    /**
     * Judges a window's values against the baseline: a metric beyond {@link MonitorConfig#metricDrop}
     * of its validation-time value (HIGH beyond twice that, else MEDIUM; retrain), input drift at or
     * above {@link MonitorConfig#driftSeverity} (retrain from HIGH, else investigate), predicted
     * labels unlike at validation time (p below 0.01; investigate).
     */
    public static WindowReport assess(String name, int version, String instance, Instant time, long sampleCount,
            Map<String, Double> metrics, double driftedShare, Severity maxSeverity, List<String> driftedFeatures,
            OptionalDouble predictionPValue, Baseline baseline, MonitorConfig config) {
        List<MonitorAlert> alerts = new ArrayList<>();
        if (maxSeverity.compareTo(config.driftSeverity()) >= 0) {
            alerts.add(new MonitorAlert(MonitorAlert.Kind.INPUT_DRIFT, maxSeverity,
                    maxSeverity.compareTo(Severity.HIGH) >= 0 ? MonitorAlert.Action.RETRAIN
                            : MonitorAlert.Action.INVESTIGATE,
                    String.format(Locale.ROOT, "input drift %s: %.0f%% of the features drifted from the training"
                            + " data", maxSeverity, 100 * driftedShare)));
        }
        if (predictionPValue.isPresent() && predictionPValue.getAsDouble() < PREDICTION_ALPHA) {
            alerts.add(new MonitorAlert(MonitorAlert.Kind.PREDICTION_DRIFT, Severity.MEDIUM,
                    MonitorAlert.Action.INVESTIGATE, String.format(Locale.ROOT, "predicted labels drifted from"
                            + " validation time (chi-square p = %.3g)", predictionPValue.getAsDouble())));
        }
        for (Metric metric : Metric.values()) {
            Double live = metrics.get(metric.jsonName());
            Double then = baseline.metrics().get(metric.jsonName());
            if (live == null || then == null || live.isNaN()) {
                continue;
            }
            double drop = metric.higherIsBetter() ? then - live : live - then;
            if (drop > config.metricDrop()) {
                alerts.add(new MonitorAlert(MonitorAlert.Kind.METRIC_DROP,
                        drop > 2 * config.metricDrop() ? Severity.HIGH : Severity.MEDIUM, MonitorAlert.Action.RETRAIN,
                        String.format(Locale.ROOT, "%s %.4f is %s than %.4f at validation time by %.4f (tolerated"
                                + " %.4f)", metric.jsonName(), live, metric.higherIsBetter() ? "lower" : "higher", then,
                                drop, config.metricDrop())));
            }
        }
        return new WindowReport(name, version, instance, time, sampleCount, metrics, driftedShare, maxSeverity,
                driftedFeatures, predictionPValue, alerts);
    }

    /** The record stored with the version (see above); an empty instance is stored as none. */
    public PerformanceRecord toRecord() {
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                values.put(key, value);
            }
        });
        return new PerformanceRecord(time, values, sampleCount, instance.isEmpty() ? null : instance,
                new PerformanceRecord.DriftSummary(maxSeverity.name(), driftedShare, driftedFeatures,
                        predictionPValue.isPresent() ? predictionPValue.getAsDouble() : null));
    }

    /** The report a stored record stands for, judged against the baseline again. */
    public static WindowReport fromRecord(String name, int version, PerformanceRecord record, Baseline baseline,
            MonitorConfig config) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            metrics.put(metric.jsonName(), record.metrics().getOrDefault(metric.jsonName(), Double.NaN));
        }
        String instance = record.instance() == null ? "" : record.instance();
        PerformanceRecord.DriftSummary drift = record.drift();
        if (drift != null) {
            return assess(name, version, instance, record.time(), record.sampleCount(), metrics, drift.driftedShare(),
                    Severity.valueOf(drift.maxSeverity()), drift.driftedFeatures(), drift.predictionPValue() == null
                            ? OptionalDouble.empty() : OptionalDouble.of(drift.predictionPValue()), baseline, config);
        }
        // a record of before the drift summary was a field: the drift.* metric keys, if any
        Double p = record.metrics().get(PREDICTION_P);
        int severity = (int) Math.round(record.metrics().getOrDefault(MAX_SEVERITY, 0.0));
        return assess(name, version, instance, record.time(), record.sampleCount(), metrics,
                record.metrics().getOrDefault(DRIFTED_SHARE, 0.0),
                Severity.values()[Math.max(0, Math.min(Severity.values().length - 1, severity))], List.of(),
                p == null ? OptionalDouble.empty() : OptionalDouble.of(p), baseline, config);
    }

    /**
     * The document of {@code mlops monitor record}: {@code {"name","version","time","sampleCount",
     * "metrics":{"accuracy","precision","recall","f1","auc","logLoss"},"drift":{"driftedShare",
     * "maxSeverity","driftedFeatures":[...],"predictionPValue"},"degraded","reasons":[...],"alerts":[{"kind","severity",
     * "action","message"}],"instance"}}; undefined numbers are {@code null}.
     */
    public ObjectNode toJson() {
        ObjectNode root = Json.object();
        root.put("name", name);
        root.put("version", version);
        root.put("time", time.toString());
        root.put("sampleCount", sampleCount);
        ObjectNode values = root.putObject("metrics");
        metrics.forEach((key, value) -> Json.number(values, key, value));
        ObjectNode drift = root.putObject("drift");
        Json.number(drift, "driftedShare", driftedShare);
        drift.put("maxSeverity", maxSeverity.name());
        ArrayNode drifted = drift.putArray("driftedFeatures");
        driftedFeatures.forEach(drifted::add);
        Json.number(drift, "predictionPValue", predictionPValue.orElse(Double.NaN));
        root.put("degraded", degraded());
        ArrayNode reasons = root.putArray("reasons");
        reasons().forEach(reasons::add);
        ArrayNode list = root.putArray("alerts");
        for (MonitorAlert alert : alerts) {
            ObjectNode node = list.addObject();
            node.put("kind", alert.kind().name());
            node.put("severity", alert.severity().name());
            node.put("action", alert.action().name());
            node.put("message", alert.message());
        }
        root.put("instance", instance);
        return root;
    }
}
