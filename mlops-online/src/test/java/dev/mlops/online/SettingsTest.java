package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.drift.Adwin;
import dev.mlops.drift.Ddm;
import dev.mlops.drift.DetectorState;
import dev.mlops.drift.PageHinkley;
import dev.mlops.drift.Severity;
import dev.mlops.drift.StreamDetector;
import dev.mlops.model.Metric;
import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainingSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the online learner's settings: names, defaults and refusals")
class SettingsTest {

    @Test
    @DisplayName("detectors parse by name, create fresh drift-module detectors with their settings, and refuse bad ones")
    void detectors() {
        assertThat(Detector.parse(" ADWIN ")).isEqualTo(Detector.adwin()).isEqualTo(new Detector.AdwinSettings(0.002));
        assertThat(Detector.parse("page_hinkley")).isEqualTo(Detector.pageHinkley());
        assertThat(Detector.parse("ph")).isEqualTo(new Detector.PageHinkleySettings(0.005, 50, 30));
        assertThat(Detector.parse("ddm")).isEqualTo(new Detector.DdmSettings(30, 2, 3));
        assertThatThrownBy(() -> Detector.parse("cusum")).hasMessage("unknown detector 'cusum'; known: adwin, ddm,"
                + " page-hinkley");
        assertThat(((Detector.AdwinSettings) Detector.adwin(0.01)).delta()).isEqualTo(0.01);
        assertThatThrownBy(() -> Detector.adwin(0.05)).hasMessageContaining("ADWIN delta must be in (0, 0.02]");
        Detector.PageHinkleySettings custom = (Detector.PageHinkleySettings) Detector.pageHinkley(0.01, 20);
        assertThat(custom.delta()).isEqualTo(0.01);
        assertThat(custom.lambda()).isEqualTo(20);
        assertThat(custom.minSamples()).isEqualTo(30);
        Detector.DdmSettings ddm = (Detector.DdmSettings) Detector.ddm();
        assertThat(ddm.minSamples()).isEqualTo(30);
        assertThat(ddm.warningLevel()).isEqualTo(2);
        assertThat(ddm.driftLevel()).isEqualTo(3);

        assertThat(Detector.adwin().name()).isEqualTo("adwin");
        assertThat(Detector.ddm().name()).isEqualTo("ddm");
        assertThat(Detector.pageHinkley().name()).isEqualTo("page-hinkley");
        StreamDetector adwin = Detector.adwin().create();
        assertThat(adwin).isInstanceOf(Adwin.class);
        assertThat(((Adwin) adwin).snapshot().delta()).isEqualTo(0.002);
        assertThat(Detector.ddm().create()).isInstanceOf(Ddm.class);
        PageHinkley ph = (PageHinkley) custom.create();
        assertThat(ph.snapshot().lambda()).isEqualTo(20);
        assertThat(ph.snapshot().warningThreshold()).as("warning at λ/2").isEqualTo(10);
        for (Detector detector : Set.of(Detector.adwin(), Detector.ddm(), Detector.pageHinkley())) {
            StreamDetector fresh = detector.create();
            assertThat(fresh.state()).isEqualTo(DetectorState.STABLE);
            assertThat(fresh.samples()).isZero();
            assertThat(detector.create()).as("a new one each time").isNotSameAs(fresh);
        }
    }

    @Test
    @DisplayName("strategies have command-line ids, parse them loosely, and say whether the serving model learns online")
    void strategies() {
        assertThat(Arrays.stream(Strategy.values()).map(Strategy::id))
                .containsExactly("incremental", "minibatch", "periodic", "adaptive");
        assertThat(Strategy.parse("Mini-Batch")).isEqualTo(Strategy.MINI_BATCH);
        assertThat(Strategy.parse(" mini_batch ")).isEqualTo(Strategy.MINI_BATCH);
        assertThat(Strategy.parse("ADAPTIVE")).isEqualTo(Strategy.ADAPTIVE);
        assertThatThrownBy(() -> Strategy.parse("fast")).hasMessage("unknown strategy 'fast'; known: incremental,"
                + " minibatch, periodic, adaptive");
        assertThat(Arrays.stream(Strategy.values()).filter(s -> !s.learnsOnline())).containsExactly(Strategy.PERIODIC);
    }

    @Test
    @DisplayName("each trigger names its kind, kinds have distinct ids, and bad trigger settings are refused")
    void triggers() {
        assertThat(Trigger.bufferFull().kind()).isEqualTo(TriggerKind.BUFFER_FULL);
        assertThat(Trigger.drift().kind()).isEqualTo(TriggerKind.DRIFT);
        Trigger.MetricDrop drop = (Trigger.MetricDrop) Trigger.accuracyDrop(0.05);
        assertThat(drop.kind()).isEqualTo(TriggerKind.ACCURACY_DROP);
        assertThat(drop).isEqualTo(Trigger.metricDrop(Metric.ACCURACY, 0.05));
        assertThat(drop.margin()).isEqualTo(0.05);
        assertThat(Trigger.metricDrop(Metric.AUC, 0.1).kind()).isEqualTo(TriggerKind.METRIC_DROP);
        assertThat(Trigger.metricDrop(Metric.LOG_LOSS, 1.5)).isNotNull();
        assertThat(Trigger.dataDrift(Severity.HIGH).kind()).isEqualTo(TriggerKind.DATA_DRIFT);
        assertThatThrownBy(() -> Trigger.metricDrop(Metric.AUC, 0)).hasMessageContaining("auc drop margin must be in (0, 1)");
        assertThatThrownBy(() -> Trigger.dataDrift(Severity.NONE)).hasMessageContaining("LOW to CRITICAL");
        Trigger.NewData newData = (Trigger.NewData) Trigger.newData(700);
        assertThat(newData.kind()).isEqualTo(TriggerKind.NEW_DATA);
        assertThat(newData.examples()).isEqualTo(700);
        Trigger.Freshness freshness = (Trigger.Freshness) Trigger.freshness(Duration.ofDays(2));
        assertThat(freshness.kind()).isEqualTo(TriggerKind.FRESHNESS);
        assertThat(freshness.maxAge()).isEqualTo(Duration.ofDays(2));
        Trigger.Schedule schedule = (Trigger.Schedule) Trigger.schedule(Duration.ofHours(1));
        assertThat(schedule.kind()).isEqualTo(TriggerKind.SCHEDULE);
        assertThat(schedule.interval()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Trigger.accuracyDrop(1)).hasMessageContaining("margin must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> Trigger.newData(0)).hasMessageContaining("new-data count must be at least 1");
        assertThatThrownBy(() -> Trigger.schedule(Duration.ZERO)).hasMessageContaining("schedule interval must be positive");

        assertThat(TriggerKind.ACCURACY_DROP.id()).isEqualTo("accuracy-drop");
        assertThat(TriggerKind.DATA_DRIFT.id()).isEqualTo("data-drift");
        assertThat(Arrays.stream(TriggerKind.values()).map(TriggerKind::id).collect(Collectors.toSet()))
                .hasSize(TriggerKind.values().length);
    }

    @Test
    @DisplayName("buffer policies and challengers describe themselves in a few words")
    void descriptions() {
        BufferPolicy sliding = BufferPolicy.sliding(2_000);
        assertThat(sliding.describe()).isEqualTo("sliding 2000");
        assertThat(sliding.kind()).isEqualTo(BufferPolicy.Kind.SLIDING);
        assertThat(sliding.capacity()).isEqualTo(2_000);
        assertThat(sliding.maxAge()).isEmpty();
        BufferPolicy reservoir = BufferPolicy.reservoir(5_000, 7);
        assertThat(reservoir.describe()).isEqualTo("reservoir 5000 (seed 7)");
        assertThat(reservoir.seed()).isEqualTo(7);
        BufferPolicy recent = BufferPolicy.slidingTime(Duration.ofHours(1), 100);
        assertThat(recent.describe()).isEqualTo("sliding PT1H (at most 100)");
        assertThat(recent.maxAge()).contains(Duration.ofHours(1));
        assertThatThrownBy(() -> new BufferPolicy(BufferPolicy.Kind.SLIDING, 100, Optional.of(Duration.ofHours(1)), 0))
                .hasMessageContaining("a maximum age goes with time windows only");
        assertThatThrownBy(() -> BufferPolicy.sliding(9)).hasMessageContaining("buffer capacity must be 10 to");

        Challenger.Incremental incremental = (Challenger.Incremental) Challenger.incremental(5);
        assertThat(incremental.describe()).isEqualTo("incremental, 5 epochs");
        assertThat(incremental.epochs()).isEqualTo(5);
        Challenger.Batch batch = (Challenger.Batch) Challenger.batch();
        assertThat(batch.describe()).isEqualTo("batch logistic");
        assertThat(batch.spec().folds()).isZero();
        assertThat(Challenger.batch(TrainingSpec.builder(Algorithm.LOGISTIC).build()).describe()).isEqualTo("batch logistic");
        assertThatThrownBy(() -> Challenger.incremental(0)).hasMessageContaining("epochs must be 1 to 1,000");
    }

    @Test
    @DisplayName("an optimiser's params are its settings as text that reads back exactly")
    void optimizerParams() {
        Optimizer.Ftrl ftrl = Optimizer.ftrl(0.3, 1.5, 1e-7, 0.1);
        assertThat(ftrl.params()).containsExactly(Map.entry("alpha", "0.3"), Map.entry("beta", "1.5"),
                Map.entry("l1", "1.0E-7"), Map.entry("l2", "0.1"));
        assertThat(Double.parseDouble(ftrl.params().get("l1"))).isEqualTo(ftrl.l1());
        assertThat(ftrl.alpha()).isEqualTo(0.3);
        assertThat(ftrl.beta()).isEqualTo(1.5);
        assertThat(ftrl.l2()).isEqualTo(0.1);
        Optimizer.AdaGrad adaGrad = Optimizer.adaGrad();
        assertThat(adaGrad.params()).containsExactly(Map.entry("learningRate", "0.1"), Map.entry("epsilon", "1.0E-8"),
                Map.entry("l2", "0.0"));
        assertThat(adaGrad.learningRate()).isEqualTo(0.1);
        assertThat(adaGrad.epsilon()).isEqualTo(1e-8);
        assertThat(adaGrad.l2()).isZero();
        assertThat(adaGrad.name()).isEqualTo("adagrad");
        assertThat(Optimizer.ftrl().name()).isEqualTo("ftrl");
        assertThatThrownBy(() -> Optimizer.adaGrad(0.1, 0, 0)).hasMessageContaining("epsilon must be positive");
    }
}
