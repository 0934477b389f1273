package dev.mlops.online;

import dev.mlops.drift.Severity;
import dev.mlops.model.Metric;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A condition that starts a retraining, judged the same way by an online learner (strategies
 * {@link Strategy#PERIODIC} and {@link Strategy#ADAPTIVE}) and by a
 * {@link dev.mlops.retraining.Retrainer} running a policy: each trigger decides with
 * {@link #fires(TriggerSignals)} on the signals the caller measured, and says why with
 * {@link #detail(TriggerSignals)}. One more reason needs no configuration: a manual retraining
 * ({@link OnlineLearner#retrain}, a policy's {@code "always"}; {@link TriggerKind#MANUAL}).
 */
public sealed interface Trigger permits Trigger.BufferFull, Trigger.MetricDrop, Trigger.Drift, Trigger.DataDrift,
        Trigger.NewData, Trigger.Freshness, Trigger.Schedule {

    /** When as many labelled examples as the buffer holds have arrived since the last retraining. */
    static Trigger bufferFull() {
        return new BufferFull();
    }

    /**
     * When accuracy falls below the serving model's baseline by at least {@code margin} (absolute,
     * e.g. 0.05 for five points): {@link #metricDrop} of {@link Metric#ACCURACY}. In an online
     * learner the live value is the windowed prequential accuracy and the baseline the model's
     * prequential accuracy before that window, over its time in service; checked once the model has
     * served two windows, and at most once per window. As after {@link #drift()}, the challenger
     * learns from the examples that arrive after the drop was noticed, once there are enough.
     */
    static Trigger accuracyDrop(double margin) {
        return new MetricDrop(Metric.ACCURACY, margin);
    }

    /**
     * When a live metric is worse than the serving model's baseline by at least {@code margin}
     * (lower for metrics where higher is better, higher for log loss). A policy's live value is the
     * newest performance record, its baseline the version's validation-time value; an online learner
     * measures accuracy only.
     */
    static Trigger metricDrop(Metric metric, double margin) {
        return new MetricDrop(metric, margin);
    }

    /**
     * When the learner's {@link Detector} finds the error rate rising. The challenger learns only
     * from the examples that arrive after the detection, once there are enough of them (the
     * builder's {@code minRetrainRows}): a model that just degraded is replaced by one that learned
     * only the new concept, never a mix (detectors' own estimates of the change point often reach
     * back into the old concept).
     */
    static Trigger drift() {
        return new Drift();
    }

    /**
     * When the inputs drifted at or above {@code atLeast}: in an online learner, a
     * {@link dev.mlops.drift.DriftMonitor} alert of that severity ({@link OnlineLearner#onDriftAlert};
     * without this trigger every alert retrains); in a policy, the rows the production version was
     * not trained on against its stored reference profile.
     */
    static Trigger dataDrift(Severity atLeast) {
        return new DataDrift(atLeast);
    }

    /** After {@code examples} labelled examples the serving model was not trained on. */
    static Trigger newData(long examples) {
        return new NewData(examples);
    }

    /** When the newest example the serving model learned from is older than {@code maxAge} (by the learner's clock). */
    static Trigger freshness(Duration maxAge) {
        return new Freshness(maxAge);
    }

    /**
     * Every {@code interval} since the last retraining (or the start), by the clock in use: the
     * serving model's maximum age (a policy's {@code maxAge}).
     */
    static Trigger schedule(Duration interval) {
        return new Schedule(interval);
    }

    /** What fired, as recorded in events and registry tags. */
    TriggerKind kind();

    /** Whether it fires on these signals; allocates nothing. */
    boolean fires(TriggerSignals signals);

    /** What was found against what was required, with the numbers. */
    String detail(TriggerSignals signals);

    /** See {@link Trigger#bufferFull()}. */
    record BufferFull() implements Trigger {
        @Override
        public TriggerKind kind() {
            return TriggerKind.BUFFER_FULL;
        }

        @Override
        public boolean fires(TriggerSignals signals) {
            return signals.bufferCapacity() > 0 && signals.newExamples() >= signals.bufferCapacity();
        }

        @Override
        public String detail(TriggerSignals signals) {
            return "the buffer was refilled: " + signals.newExamples() + " new examples "
                    + signals.describeNewExamples() + " (capacity " + signals.bufferCapacity() + ")";
        }
    }

    /**
     * See {@link Trigger#metricDrop(Metric, double)}.
     *
     * @param metric the metric watched
     * @param margin how much worse it must be: in (0, 1) for metrics in [0, 1], positive for log loss
     */
    record MetricDrop(Metric metric, double margin) implements Trigger {
        public MetricDrop {
            Objects.requireNonNull(metric, "metric");
            boolean bounded = metric != Metric.LOG_LOSS;
            if (!(margin > 0 && (bounded ? margin < 1 : Double.isFinite(margin)))) {
                throw new IllegalArgumentException((metric == Metric.ACCURACY ? "accuracy-drop" : metric.jsonName()
                        + " drop") + " margin must be " + (bounded ? "in (0, 1)" : "positive") + ", got " + margin);
            }
        }

        @Override
        public TriggerKind kind() {
            return metric == Metric.ACCURACY ? TriggerKind.ACCURACY_DROP : TriggerKind.METRIC_DROP;
        }

        /** How much worse the live value is than the baseline (NaN when either is unknown). */
        public double drop(TriggerSignals signals) {
            double live = signals.live(metric);
            double baseline = signals.baseline(metric);
            return metric.higherIsBetter() ? baseline - live : live - baseline;
        }

        @Override
        public boolean fires(TriggerSignals signals) {
            return drop(signals) >= margin; // false for NaN
        }

        @Override
        public String detail(TriggerSignals signals) {
            double live = signals.live(metric);
            double baseline = signals.baseline(metric);
            if (Double.isNaN(live) || Double.isNaN(baseline)) {
                return "no " + (Double.isNaN(live) ? "live " : "baseline ") + metric.jsonName() + " yet ("
                        + signals.describeMetrics() + ")";
            }
            return String.format(Locale.ROOT, "%s %.4f against %.4f (%s): dropped %.4f; threshold %.4f",
                    metric.jsonName(), live, baseline, signals.describeMetrics(), drop(signals), margin);
        }
    }

    /** See {@link Trigger#drift()}. */
    record Drift() implements Trigger {
        @Override
        public TriggerKind kind() {
            return TriggerKind.DRIFT;
        }

        @Override
        public boolean fires(TriggerSignals signals) {
            return signals.errorRateRose();
        }

        @Override
        public String detail(TriggerSignals signals) {
            return signals.errorRateRose() ? "the error rate rose" : "the error rate did not rise";
        }
    }

    /**
     * See {@link Trigger#dataDrift(Severity)}.
     *
     * @param atLeast LOW to CRITICAL
     */
    record DataDrift(Severity atLeast) implements Trigger {
        public DataDrift {
            Objects.requireNonNull(atLeast, "atLeast");
            if (atLeast == Severity.NONE) {
                throw new IllegalArgumentException("data-drift severity must be LOW to CRITICAL (NONE would fire always)");
            }
        }

        @Override
        public TriggerKind kind() {
            return TriggerKind.DATA_DRIFT;
        }

        @Override
        public boolean fires(TriggerSignals signals) {
            return signals.inputDrift().compareTo(atLeast) >= 0;
        }

        @Override
        public String detail(TriggerSignals signals) {
            return "input drift at severity " + signals.inputDrift() + " (threshold " + atLeast + "): "
                    + signals.describeInputDrift();
        }
    }

    /**
     * See {@link Trigger#newData(long)}.
     *
     * @param examples at least 1
     */
    record NewData(long examples) implements Trigger {
        public NewData {
            if (examples < 1) {
                throw new IllegalArgumentException("new-data count must be at least 1, got " + examples);
            }
        }

        @Override
        public TriggerKind kind() {
            return TriggerKind.NEW_DATA;
        }

        @Override
        public boolean fires(TriggerSignals signals) {
            return signals.newExamples() >= examples;
        }

        @Override
        public String detail(TriggerSignals signals) {
            return signals.newExamples() + " new examples " + signals.describeNewExamples() + " (threshold "
                    + examples + ")";
        }
    }

    /**
     * See {@link Trigger#freshness(Duration)}.
     *
     * @param maxAge positive
     */
    record Freshness(Duration maxAge) implements Trigger {
        public Freshness {
            positive(maxAge, "freshness max age");
        }

        @Override
        public TriggerKind kind() {
            return TriggerKind.FRESHNESS;
        }

        @Override
        public boolean fires(TriggerSignals signals) {
            long max = maxAge.toMillis();
            return signals.newestExampleAgeMillis() > max && signals.sinceTrainingMillis() > max;
        }

        @Override
        public String detail(TriggerSignals signals) {
            return signals.newestExampleAgeMillis() < 0 ? "the age of the newest example is unknown"
                    : "the serving model's newest example is " + Duration.ofMillis(signals.newestExampleAgeMillis())
                            + " old (maximum " + maxAge + ")";
        }
    }

    /**
     * See {@link Trigger#schedule(Duration)}.
     *
     * @param interval positive
     */
    record Schedule(Duration interval) implements Trigger {
        public Schedule {
            positive(interval, "schedule interval");
        }

        @Override
        public TriggerKind kind() {
            return TriggerKind.SCHEDULE;
        }

        @Override
        public boolean fires(TriggerSignals signals) {
            return signals.sinceTrainingMillis() >= interval.toMillis();
        }

        @Override
        public String detail(TriggerSignals signals) {
            return "the serving model was trained " + Duration.ofMillis(signals.sinceTrainingMillis()).withNanos(0)
                    + " ago (threshold " + interval + ")";
        }
    }

    private static void positive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
    }
}
