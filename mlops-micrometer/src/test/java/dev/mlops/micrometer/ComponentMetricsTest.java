package dev.mlops.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.drift.DriftMonitor;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.online.LearnerMetrics;
import dev.mlops.online.OnlineLearner;
import dev.mlops.online.OnlineSchema;
import dev.mlops.training.Algorithm;
import dev.mlops.training.JobStatus;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingJob;
import dev.mlops.training.TrainingSpec;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The binders of drift monitors, online learners and trainers, on real components and the bundled data. */
class ComponentMetricsTest {

    MeterRegistry meters = new SimpleMeterRegistry();

    @Nested
    @DisplayName("a drift monitor")
    class Drift {

        @Test
        @DisplayName("shows each feature's score and severity from the latest check, the rows recorded and the alerts")
        void monitor() {
            LabeledData cancer = TestData.breastCancer();
            DataTable rows = cancer.table();
            ReferenceProfile profile = ReferenceProfile.fit(rows.rows(IntStream.range(0, 300).toArray()));
            try (DriftMonitor monitor = DriftMonitor.builder(profile).windowSize(200).checkInterval(Duration.ZERO)
                         .cooldown(Duration.ZERO).build();
                 DriftMonitorMetrics metrics = new DriftMonitorMetrics(monitor, "cancer", Tags.empty())) {
                metrics.bindTo(meters);
                String feature = monitor.numericFeatures().get(0);
                assertThat(meters.get("mlops.drift.score").tags("monitor", "cancer", "feature", feature).gauge().value())
                        .as("before the first check").isNaN();
                List<double[]> columns = monitor.numericFeatures().stream().map(f -> rows.numeric(f).orElseThrow()).toList();
                for (int i = 0; i < 250; i++) {
                    double[] numbers = new double[columns.size()];
                    for (int f = 0; f < numbers.length; f++) {
                        // the first feature shifted far up: it drifts, the others do not
                        numbers[f] = columns.get(f)[300 + i] + (f == 0 ? 100 : 0);
                    }
                    monitor.record(numbers, new String[monitor.categoricalFeatures().size()]);
                }
                DriftReport report = monitor.check();
                var drifted = report.feature(feature).orElseThrow();
                assertThat(drifted.drifted()).isTrue();
                assertThat(meters.get("mlops.drift.score").tags("feature", feature).gauge().value())
                        .isEqualTo(drifted.effectSize().getAsDouble());
                assertThat(meters.get("mlops.drift.severity").tags("feature", feature).gauge().value())
                        .isEqualTo(drifted.severity().ordinal()).isPositive();
                assertThat(meters.get("mlops.drift.rows").functionCounter().count()).isEqualTo(250);
                assertThat(meters.get("mlops.drift.alerts").tags("feature", feature).functionCounter().count()).isEqualTo(1);
                monitor.check();
                assertThat(meters.get("mlops.drift.alerts").tags("feature", feature).functionCounter().count())
                        .as("no cooldown: every check alerts").isEqualTo(2);
            }
            assertThat(meters.getMeters()).isEmpty();
        }
    }

    @Nested
    @DisplayName("an online learner")
    class Online {

        @Test
        @DisplayName("shows its samples, predictions, updates, swaps and prequential accuracy as its metrics say")
        void learner() {
            LabeledData cancer = TestData.breastCancer();
            DataTable rows = cancer.table();
            OnlineSchema schema = OnlineSchema.of("diagnosis", List.of("benign", "malignant"),
                    List.of("mean_radius", "mean_texture", "mean_smoothness", "worst_concave_points"));
            try (OnlineLearner learner = OnlineLearner.builder(schema).publishEvery(50).build();
                 OnlineLearnerMetrics metrics = new OnlineLearnerMetrics(learner, "cancer", Tags.of("team", "risk"))) {
                metrics.bindTo(meters);
                for (int i = 0; i < 300; i++) {
                    learner.learn(rows.row(i), cancer.labels().get(i));
                }
                learner.flush();
                for (int i = 300; i < 340; i++) {
                    learner.predict(rows.row(i));
                }
                LearnerMetrics expected = learner.metrics();
                assertThat(meters.get("mlops.online.samples").tags("learner", "cancer", "team", "risk").functionCounter()
                        .count()).isEqualTo(expected.samples()).isEqualTo(300);
                assertThat(meters.get("mlops.online.predictions").functionCounter().count()).isEqualTo(40);
                assertThat(meters.get("mlops.online.updates").functionCounter().count()).isEqualTo(expected.updates());
                assertThat(meters.get("mlops.online.swaps").tag("reason", "promotion").functionCounter().count())
                        .isEqualTo(expected.promotions());
                assertThat(meters.get("mlops.online.accuracy").tag("window", "all").gauge().value())
                        .isEqualTo(expected.accuracy()).isGreaterThan(0.8);
                assertThat(meters.get("mlops.online.queue").gauge().value()).isZero();
                assertThat(meters.get("mlops.online.dropped").tag("reason", "queue-full").functionCounter().count()).isZero();
            }
        }
    }

    @Nested
    @DisplayName("a trainer")
    class Training {

        @Test
        @DisplayName("times ended jobs by algorithm and outcome, and counts the jobs not ended")
        void trainer() {
            try (Trainer trainer = Trainer.create();
                 TrainerMetrics metrics = new TrainerMetrics(trainer, Tags.empty())) {
                metrics.bindTo(meters);
                trainer.train(TestData.breastCancer(), TrainingSpec.builder(Algorithm.LOGISTIC).build());
                trainer.train(TestData.breastCancer(), TrainingSpec.builder(Algorithm.LOGISTIC).build());
                TrainingJob cancelled = trainer.submit(TestData.creditG(), TrainingSpec.builder(Algorithm.RANDOM_FOREST)
                        .param("trees", "50").folds(5).build());
                cancelled.cancel();
                assertThat(cancelled.state().status()).isEqualTo(JobStatus.CANCELLED);

                FunctionTimer logistic = meters.get("mlops.training.duration")
                        .tags("algorithm", "logistic", "outcome", "succeeded").functionTimer();
                assertThat(logistic.count()).isEqualTo(2);
                assertThat(logistic.totalTime(TimeUnit.MILLISECONDS)).isPositive();
                assertThat(meters.get("mlops.training.duration").tags("algorithm", "random-forest", "outcome", "cancelled")
                        .functionTimer().count()).isEqualTo(1);
                assertThat(meters.get("mlops.training.jobs").tag("status", "running").gauge().value()).isZero();
                assertThat(meters.get("mlops.training.jobs").tag("status", "queued").gauge().value()).isZero();
            }
        }
    }
}
