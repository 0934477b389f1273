package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.drift.Severity;
import dev.mlops.model.Metric;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one evaluation of triggers, on signals as an online learner or a policy run measures them. */
@DisplayName("each trigger decides on the signals it is given, the same for a learner and a policy")
class TriggerTest {

    /** Fixed signals; NaN, −1 and NONE stand for what was not measured. */
    private record Fixed(long newExamples, long bufferCapacity, long sinceTrainingMillis, long newestExampleAgeMillis,
            Map<Metric, double[]> metrics, boolean errorRateRose, Severity inputDrift) implements TriggerSignals {

        static Fixed quiet() {
            return new Fixed(0, 0, 0, -1, Map.of(), false, Severity.NONE);
        }

        @Override
        public String describeNewExamples() {
            return "since the last retraining";
        }

        @Override
        public double live(Metric metric) {
            return metrics.containsKey(metric) ? metrics.get(metric)[0] : Double.NaN;
        }

        @Override
        public double baseline(Metric metric) {
            return metrics.containsKey(metric) ? metrics.get(metric)[1] : Double.NaN;
        }

        @Override
        public String describeMetrics() {
            return "the newest window against the model's before it";
        }

        @Override
        public String describeInputDrift() {
            return "the newest rows";
        }
    }

    @Test
    @DisplayName("new data and a full buffer fire at their count; without a buffer, buffer-full never fires")
    void counts() {
        Fixed signals = new Fixed(700, 0, 0, -1, Map.of(), false, Severity.NONE);
        assertThat(Trigger.newData(700).fires(signals)).isTrue();
        assertThat(Trigger.newData(701).fires(signals)).isFalse();
        assertThat(Trigger.newData(700).detail(signals)).isEqualTo("700 new examples since the last retraining (threshold 700)");
        assertThat(Trigger.bufferFull().fires(signals)).as("a policy has no buffer").isFalse();
        assertThat(Trigger.bufferFull().fires(new Fixed(700, 700, 0, -1, Map.of(), false, Severity.NONE))).isTrue();
        assertThat(Trigger.bufferFull().fires(new Fixed(699, 700, 0, -1, Map.of(), false, Severity.NONE))).isFalse();
    }

    @Test
    @DisplayName("a metric drop fires at the margin or more, in the metric's direction; an unmeasured metric never fires")
    void metricDrops() {
        Fixed signals = new Fixed(0, 0, 0, -1, Map.of(Metric.ACCURACY, new double[] {0.75, 0.875},
                Metric.LOG_LOSS, new double[] {0.5, 0.25}), false, Severity.NONE);
        assertThat(Trigger.accuracyDrop(0.125).fires(signals)).as("0.875 − 0.75 ≥ 0.125, exactly").isTrue();
        assertThat(Trigger.accuracyDrop(0.1251).fires(signals)).isFalse();
        assertThat(Trigger.metricDrop(Metric.LOG_LOSS, 0.25).fires(signals)).as("log loss rose by 0.25").isTrue();
        assertThat(Trigger.metricDrop(Metric.LOG_LOSS, 0.2501).fires(signals)).isFalse();
        assertThat(Trigger.metricDrop(Metric.AUC, 0.01).fires(signals)).as("not measured").isFalse();
        assertThat(Trigger.metricDrop(Metric.AUC, 0.01).detail(signals)).startsWith("no live auc yet");
        assertThat(Trigger.accuracyDrop(0.125).detail(signals))
                .isEqualTo("accuracy 0.7500 against 0.8750 (the newest window against the model's before it):"
                        + " dropped 0.1250; threshold 0.1250");
    }

    @Test
    @DisplayName("input drift fires at or above its severity; the error-stream detector on a detected rise")
    void drift() {
        Fixed medium = new Fixed(0, 0, 0, -1, Map.of(), false, Severity.MEDIUM);
        assertThat(Trigger.dataDrift(Severity.MEDIUM).fires(medium)).isTrue();
        assertThat(Trigger.dataDrift(Severity.HIGH).fires(medium)).isFalse();
        assertThat(Trigger.dataDrift(Severity.LOW).fires(Fixed.quiet())).isFalse();
        assertThat(Trigger.dataDrift(Severity.HIGH).detail(medium))
                .isEqualTo("input drift at severity MEDIUM (threshold HIGH): the newest rows");
        assertThat(Trigger.drift().fires(Fixed.quiet())).isFalse();
        assertThat(Trigger.drift().fires(new Fixed(0, 0, 0, -1, Map.of(), true, Severity.NONE))).isTrue();
    }

    @Test
    @DisplayName("a schedule (a policy's maximum age) fires once its interval passed; freshness needs a known example age")
    void time() {
        long day = Duration.ofDays(1).toMillis();
        assertThat(Trigger.schedule(Duration.ofDays(7)).fires(new Fixed(0, 0, 7 * day, -1, Map.of(), false,
                Severity.NONE))).isTrue();
        assertThat(Trigger.schedule(Duration.ofDays(7)).fires(new Fixed(0, 0, 7 * day - 1, -1, Map.of(), false,
                Severity.NONE))).isFalse();
        Trigger fresh = Trigger.freshness(Duration.ofDays(2));
        assertThat(fresh.fires(new Fixed(0, 0, 3 * day, -1, Map.of(), false, Severity.NONE))).as("age unknown").isFalse();
        assertThat(fresh.fires(new Fixed(0, 0, 3 * day, 3 * day, Map.of(), false, Severity.NONE))).isTrue();
        assertThat(fresh.fires(new Fixed(0, 0, day, 3 * day, Map.of(), false, Severity.NONE)))
                .as("retrained within the age: not again").isFalse();
    }
}
