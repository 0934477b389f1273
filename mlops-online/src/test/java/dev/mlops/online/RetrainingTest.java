package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.ModelRegistries;
import dev.mlops.model.Metric;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainedModelFormat;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.ValidationGate;
import dev.mlops.validation.ValidationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("retraining: validated, registered, promoted, rolled back, checkpointed")
class RetrainingTest {

    private static final String[] NONE = new String[0];
    private static final OnlineSchema SEA = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 3));

    @TempDir
    Path dir;

    private ModelRegistry registry(String name, boolean gated) {
        ModelRegistries.Builder builder = ModelRegistries.builder("file:" + dir.resolve(name))
                .refreshInterval(Duration.ZERO).actor("online-test");
        if (gated) {
            builder.gate(ValidationGate.requirePassedReport());
        }
        return builder.open();
    }

    private static void feed(Simulation simulation, List<Streams.Row> rows) {
        double[] p = new double[2];
        for (Streams.Row row : rows) {
            simulation.step(row.x(), NONE, row.label(), p);
        }
    }

    private static List<OnlineEvent.Type> types(List<OnlineEvent> events) {
        return events.stream().map(OnlineEvent::type).toList();
    }

    @Test
    @DisplayName("after a drift, a challenger is registered with lineage, validated, and promoted past a gate that needs a passed report")
    void promotion() {
        try (ModelRegistry registry = registry("promotion", true);
             Simulation simulation = OnlineLearner.builder(SEA).registry(registry).name("sea").simulation()) {
            feed(simulation, Streams.sea(21, 0.1, 8_000, 8, 9.5));
            List<OnlineEvent> events = simulation.events();
            assertThat(types(events)).containsSubsequence(OnlineEvent.Type.DRIFT_DETECTED,
                    OnlineEvent.Type.RETRAIN_STARTED, OnlineEvent.Type.PROMOTED);
            OnlineEvent promoted = events.stream().filter(e -> e.type() == OnlineEvent.Type.PROMOTED).findFirst().orElseThrow();
            assertThat(promoted.reason()).startsWith("validation passed: accuracy");
            String trigger = promoted.details().get("trigger");
            assertThat(trigger).isIn("drift", "accuracy-drop");
            assertThat(promoted.details()).containsKey("championAsOf");
            ModelRef ref = promoted.version().orElseThrow();

            ModelVersion version = registry.get(ref.toString());
            assertThat(version.format()).isEqualTo(OnlineModelFormat.NAME);
            assertThat(version.stage()).isIn(Stage.PRODUCTION, Stage.ARCHIVED);
            assertThat(version.lineage().dataFingerprint()).hasSize(64);
            assertThat(version.lineage().provenance()).contains("\"optimizer\"").contains("\"trigger\":\"" + trigger + "\"");
            assertThat(version.tags()).containsEntry("online.trigger", trigger).containsEntry("online.strategy", "adaptive");
            assertThat(version.params()).containsEntry("optimizer", "ftrl").containsKeys("trainSamples", "holdoutSamples");
            assertThat(version.description()).contains("trained on samples").contains("validated on");
            assertThat(version.metrics()).containsKeys("validation.accuracy", "validation.champion.accuracy");
            List<Evidence> evidence = registry.evidence("sea", version.version());
            assertThat(ValidationReport.fromJson(evidence.get(evidence.size() - 1).document()).passed()).isTrue();
            List<AuditEvent> history = registry.history("sea");
            assertThat(history).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo(AuditAction.PROMOTE);
                assertThat(e.reason()).startsWith("validated online challenger: accuracy");
            });
            OnlineModel served = registry.load("sea:" + version.version(), OnlineModelFormat.of());
            assertThat(served.predict(Map.of("x1", 1.0, "x2", 2.0, "x3", 5.0)).label()).isEqualTo("1");
            assertThat(simulation.metrics().promotions()).isPositive();
            assertThat(simulation.generation()).isPositive();
            assertThat(promoted.generation()).isPositive();
            assertThat(promoted.sample()).as("after the change").isGreaterThan(8_000);
            assertThat(simulation.metrics().generation()).isEqualTo(simulation.generation());
            assertThat(simulation.metrics().servingVersion()).isEqualTo(simulation.servingVersion());
        }
    }

    @Test
    @DisplayName("a challenger that does not beat the champion is archived with its failed report as evidence")
    void rejection() {
        try (ModelRegistry registry = registry("rejection", false);
             Simulation simulation = OnlineLearner.builder(SEA).registry(registry).name("sea")
                     .improvement(Metric.ACCURACY, 0.05).simulation()) {
            feed(simulation, Streams.sea(22, 0.1, 4_000, 8));
            OnlineEvent decision = simulation.retrain("weekly refresh");
            assertThat(decision.type()).isEqualTo(OnlineEvent.Type.REJECTED);
            assertThat(decision.reason()).startsWith("validation failed: accuracy").contains("+ 0.05");
            ModelVersion version = registry.get(decision.version().orElseThrow().toString());
            assertThat(version.stage()).isEqualTo(Stage.ARCHIVED);
            assertThat(version.tags()).containsEntry("online.trigger", "manual");
            List<Evidence> evidence = registry.evidence("sea", version.version());
            assertThat(evidence).anySatisfy(e -> assertThat(ValidationReport.fromJson(e.document()).passed()).isFalse());
            assertThat(registry.history("sea")).anySatisfy(e -> assertThat(e.reason())
                    .startsWith("rejected online challenger: validation failed"));
            assertThat(simulation.servingVersion()).isEmpty();
            assertThat(simulation.metrics().rejections()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a model promoted on a passing fad is rolled back when the old concept returns")
    void rollback() {
        try (ModelRegistry registry = registry("rollback", false)) {
            IncrementalModel initial = IncrementalModel.create(SEA, Optimizer.ftrl());
            double[] p = new double[2];
            for (Streams.Row row : Streams.sea(30, 0.1, 5_000, 8)) {
                initial.learn(row.x(), NONE, row.label(), p);
            }
            ModelVersion v1 = registry.register(RegisterRequest.builder("sea",
                    ArtifactSource.of(initial.snapshot().toBytes())).format(OnlineModelFormat.NAME).build());
            for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
                registry.promote("sea", v1.version(), stage, "trained offline");
            }
            try (Simulation simulation = OnlineLearner.builder(SEA).registry(registry).name("sea")
                    .startFrom(ModelRef.alias("sea", "production")).triggers().buffer(BufferPolicy.sliding(600))
                    .simulation()) {
                assertThat(simulation.servingVersion()).contains(ModelRef.of("sea", 1));
                feed(simulation, Streams.sea(31, 0.1, 2_000, 8));
                // a fad: the label means the opposite for 600 examples, which fill the buffer
                List<Streams.Row> fad = new ArrayList<>();
                for (Streams.Row row : Streams.sea(32, 0.1, 600, 8)) {
                    fad.add(new Streams.Row(row.x(), 1 - row.label()));
                }
                feed(simulation, fad);
                OnlineEvent decision = simulation.retrain("campaign week");
                assertThat(decision.type()).isEqualTo(OnlineEvent.Type.PROMOTED);
                assertThat(simulation.servingVersion()).contains(ModelRef.of("sea", 2));
                feed(simulation, Streams.sea(33, 0.1, 2_500, 8));
                OnlineEvent rolledBack = simulation.events().stream()
                        .filter(e -> e.type() == OnlineEvent.Type.ROLLED_BACK).findFirst().orElseThrow();
                assertThat(rolledBack.reason()).contains("below its predecessor's");
                assertThat(rolledBack.details()).containsEntry("restored", "sea:1");
                assertThat(simulation.servingVersion()).contains(ModelRef.of("sea", 1));
                assertThat(registry.get("sea@production").version()).isEqualTo(1);
                assertThat(registry.get("sea:2").stage()).isEqualTo(Stage.ARCHIVED);
                assertThat(registry.history("sea")).anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.ROLLBACK);
                    assertThat(e.reason()).startsWith("automatic rollback: accuracy");
                });
                assertThat(simulation.metrics().rollbacks()).isEqualTo(1);
                assertThat(simulation.generation()).isEqualTo(2);
            }
        }
    }

    @Test
    @DisplayName("the builder's retraining settings apply: the fewest rows, the held-out fraction, extra checks, the event history")
    void retrainingSettings() {
        try (Simulation simulation = OnlineLearner.builder(SEA).strategy(Strategy.PERIODIC).triggers()
                .challenger(Challenger.incremental(2)).minRetrainRows(100).holdoutFraction(0.5)
                .validation(v -> v.atLeast(Metric.ACCURACY, 0.99)).eventHistory(2).simulation()) {
            feed(simulation, Streams.sea(24, 0.1, 80, 8));
            OnlineEvent skipped = simulation.retrain("too few");
            assertThat(skipped.type()).isEqualTo(OnlineEvent.Type.RETRAIN_SKIPPED);
            assertThat(skipped.details()).containsEntry("rows", "80").containsEntry("needed", "100");
            feed(simulation, Streams.sea(25, 0.1, 220, 8));
            OnlineEvent rejected = simulation.retrain("enough");
            assertThat(rejected.type()).isEqualTo(OnlineEvent.Type.REJECTED);
            assertThat(rejected.details()).containsEntry("rows", "300").containsEntry("train", "1-150")
                    .containsEntry("holdout", "151-300").containsEntry("challenger", "incremental, 2 epochs");
            assertThat(rejected.reason()).startsWith("validation failed: ").contains("< 0.990");
            assertThat(simulation.events()).as("the two newest").extracting(OnlineEvent::type)
                    .containsExactly(OnlineEvent.Type.RETRAIN_STARTED, OnlineEvent.Type.REJECTED);
        }
    }

    @Test
    @DisplayName("periodic retraining with the batch trainer registers mlops-model versions and serves them")
    void periodicBatch() {
        try (ModelRegistry registry = registry("periodic", false);
             Simulation simulation = OnlineLearner.builder(SEA).registry(registry).name("sea").strategy(Strategy.PERIODIC)
                     .challenger(Challenger.batch(TrainingSpec.builder(Algorithm.LOGISTIC).param("epochs", "5").folds(0)
                             .build()))
                     .buffer(BufferPolicy.sliding(1_000)).simulation()) {
            feed(simulation, Streams.sea(40, 0.1, 3_000, 8));
            LearnerMetrics metrics = simulation.metrics();
            assertThat(metrics.retrains()).isEqualTo(3);
            assertThat(metrics.updates()).isZero();
            assertThat(metrics.promotions()).isPositive();
            ModelVersion first = registry.get("sea:1");
            assertThat(first.format()).isEqualTo(TrainedModelFormat.NAME);
            assertThat(first.stage()).isIn(Stage.PRODUCTION, Stage.ARCHIVED);
            assertThat(first.tags()).containsEntry("online.trigger", "buffer-full");
            assertThat(registry.evidence("sea", 1).stream().map(Evidence::kind))
                    .contains("training-result", ValidationReport.EVIDENCE_KIND);
            assertThat(simulation.model()).as("a batch model serves").isEmpty();
            assertThat(simulation.predict(Map.of("x1", 9.0, "x2", 9.0, "x3", 1.0)).label()).isEqualTo("0");
            assertThat(simulation.metrics().windowAccuracy()).isGreaterThan(0.85);
        }
    }

    @Test
    @DisplayName("a run restored from a registry checkpoint continues bit for bit: predictions, retrainings and registrations")
    void checkpointFidelity() {
        List<Streams.Row> rows = Streams.sea(50, 0.1, 6_000, 8, 7, 9.5);
        int cut = 7_000;
        try (ModelRegistry first = registry("uninterrupted", false);
             ModelRegistry second = registry("interrupted", false)) {
            List<double[]> expected = new ArrayList<>();
            LearnerMetrics uninterrupted;
            try (Simulation a = settings(first).simulation()) {
                double[] p = new double[2];
                for (int i = 0; i < rows.size(); i++) {
                    a.step(rows.get(i).x(), NONE, rows.get(i).label(), p);
                    if (i >= cut) {
                        expected.add(p.clone());
                    }
                }
                uninterrupted = a.metrics();
            }
            ModelVersion checkpoint;
            try (Simulation b = settings(second).simulation()) {
                feed(b, rows.subList(0, cut));
                checkpoint = b.checkpoint("test");
            }
            assertThat(checkpoint.name()).isEqualTo("sea-checkpoints");
            assertThat(checkpoint.format()).isEqualTo(CheckpointFormat.NAME);
            try (Simulation c = settings(second).restoreFrom(checkpoint.ref()).simulation()) {
                double[] p = new double[2];
                for (int i = cut; i < rows.size(); i++) {
                    c.step(rows.get(i).x(), NONE, rows.get(i).label(), p);
                    double[] want = expected.get(i - cut);
                    assertThat(Double.doubleToRawLongBits(p[1])).as("row %d", i).isEqualTo(Double.doubleToRawLongBits(want[1]));
                    assertThat(Double.doubleToRawLongBits(p[0])).as("row %d", i).isEqualTo(Double.doubleToRawLongBits(want[0]));
                }
                LearnerMetrics restored = c.metrics();
                assertThat(restored.accuracy()).isEqualTo(uninterrupted.accuracy());
                assertThat(restored.retrains()).isEqualTo(uninterrupted.retrains()).isGreaterThan(1);
                assertThat(restored.promotions()).isEqualTo(uninterrupted.promotions());
                assertThat(restored.drifts()).isEqualTo(uninterrupted.drifts());
                assertThat(types(c.events())).startsWith(OnlineEvent.Type.RESTORED);
            }
            assertThat(second.versions("sea").stream().map(v -> v.stage() + " " + v.metrics()).toList())
                    .isEqualTo(first.versions("sea").stream().map(v -> v.stage() + " " + v.metrics()).toList());
        }
    }

    @Test
    @DisplayName("mini-batch learning with a reservoir and DDM also restores bit for bit, and a checkpoint refuses other settings")
    void checkpointOfOtherState() {
        List<Streams.Row> rows = Streams.sea(60, 0.1, 5_000, 8, 9.5);
        int cut = 3_333;
        try (ModelRegistry registry = registry("minibatch", false)) {
            OnlineLearner.Builder builder = OnlineLearner.builder(SEA).registry(registry).name("mb")
                    .strategy(Strategy.MINI_BATCH).batchSize(16).buffer(BufferPolicy.reservoir(700, 5))
                    .detector(Detector.ddm()).optimizer(Optimizer.adaGrad());
            List<double[]> expected = new ArrayList<>();
            try (Simulation a = builder.simulation()) {
                double[] p = new double[2];
                for (int i = 0; i < rows.size(); i++) {
                    a.step(rows.get(i).x(), NONE, rows.get(i).label(), p);
                    if (i >= cut) {
                        expected.add(p.clone());
                    }
                }
                // a manual retraining draws on the reservoir and the shuffle generator
                assertThat(a.retrain("compare").type()).isIn(OnlineEvent.Type.PROMOTED, OnlineEvent.Type.REJECTED);
            }
            ModelVersion checkpoint;
            try (Simulation b = builder.simulation()) {
                feed(b, rows.subList(0, cut));
                checkpoint = b.checkpoint("mid-batch");
            }
            try (Simulation c = builder.restoreFrom(checkpoint.ref()).simulation()) {
                double[] p = new double[2];
                for (int i = cut; i < rows.size(); i++) {
                    c.step(rows.get(i).x(), NONE, rows.get(i).label(), p);
                    assertThat(p).as("row %d", i).containsExactly(expected.get(i - cut));
                }
            }
            OnlineLearner.Builder other = OnlineLearner.builder(SEA).registry(registry).name("mb")
                    .strategy(Strategy.MINI_BATCH).batchSize(8).buffer(BufferPolicy.reservoir(700, 5))
                    .detector(Detector.ddm()).optimizer(Optimizer.adaGrad()).restoreFrom(checkpoint.ref());
            org.assertj.core.api.Assertions.assertThatThrownBy(other::simulation)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize 16");
        }
    }

    private OnlineLearner.Builder settings(ModelRegistry registry) {
        return OnlineLearner.builder(SEA).registry(registry).name("sea").seed(7);
    }
}
