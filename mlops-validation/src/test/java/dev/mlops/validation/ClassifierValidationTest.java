package dev.mlops.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Classifier;
import dev.mlops.model.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The validator over classifiers that are neither Tribuo nor online models: two fixed logistic
 * scores on the breast-cancer data, one on the mean radius (strong) and one on the mean texture
 * (weaker). Whatever implements {@link Classifier} is validated alike.
 */
class ClassifierValidationTest {

    private static final List<String> LABELS = List.of("benign", "malignant");
    private static final LabeledData CANCER = TestData.breastCancer();
    private static final Classifier RADIUS = new LinearClassifier(LABELS, "malignant", Map.of("mean_radius", 1.2), -17.4);
    private static final Classifier TEXTURE = new LinearClassifier(LABELS, "malignant", Map.of("mean_texture", 0.25), -5.0);

    @Test
    @DisplayName("the report's metrics are the classifier's own predictions scored against the labels")
    void metricsOfTheClassifier() {
        ValidationReport report = Validator.builder().atLeast(Metric.AUC, 0.9).build().validate(RADIUS, "radius", CANCER);
        ClassificationMetrics direct = ClassificationMetrics.of(RADIUS.predict(CANCER.table(), "cancer"), CANCER.labels());
        assertThat(report.metrics()).isEqualTo(direct.asMap());
        assertThat(report.rows()).isEqualTo(569);
        assertThat(report.positiveClass()).contains("malignant");
        assertThat(report.passed()).as(report.toText()).isTrue();
        assertThat(report.championMetrics()).isEmpty();
    }

    @Test
    @DisplayName("a better challenger passes the change and significance gates against its champion, a worse one fails")
    void championAndChallenger() {
        Validator better = Validator.builder().champion(TEXTURE, "texture").minImprovement(Metric.AUC, 0.05)
                .significantlyBetter(Metric.ACCURACY, 0.05).significantlyBetter(Metric.AUC, 0.05).build();
        ValidationReport report = better.validate(RADIUS, "radius", CANCER);
        assertThat(report.passed()).as(report.toText()).isTrue();
        assertThat(report.champion()).contains("texture");
        assertThat(report.championMetrics()).isEqualTo(
                ClassificationMetrics.of(TEXTURE.predict(CANCER.table(), "cancer"), CANCER.labels()).asMap());
        assertThat(report.check("accuracy.mcnemar").orElseThrow().value()).isLessThan(0.05);
        assertThat(report.check("auc.bootstrap")).isPresent();

        Validator worse = Validator.builder().champion(RADIUS, "radius").minImprovement(Metric.AUC, 0).build();
        ValidationReport refused = worse.validate(TEXTURE, "texture", CANCER);
        assertThat(refused.passed()).isFalse();
        assertThat(refused.failures()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("auc.improvement");
            assertThat(c.detail()).contains("champion");
        });
    }

    @Test
    @DisplayName("robustness checks perturb the classifier's own numeric feature columns")
    void robustness() {
        ValidationReport report = Validator.builder().noise(0.5, Metric.AUC, 0.5).missingValues(0.5, Metric.AUC, 0.0)
                .build().validate(RADIUS, "radius", CANCER);
        Check noise = report.check("robustness.noise.auc").orElseThrow();
        assertThat(noise.passed()).isTrue();
        assertThat(noise.value()).isPositive();
        assertThat(noise.detail()).contains("1 numeric columns");
        Check missing = report.check("robustness.missing.auc").orElseThrow();
        assertThat(missing.passed()).as("half the radii missing costs AUC: " + missing.detail()).isFalse();
        assertThat(missing.value()).isGreaterThan(0.1);
    }

    @Test
    @DisplayName("fairness and latency checks run on any classifier")
    void fairnessAndLatency() {
        ValidationReport report = Validator.builder().fairness(ProtectedGroup.atLeast("mean_smoothness", 0.1), "benign")
                .latency(Duration.ofSeconds(1), 200).build().validate(RADIUS, "radius", CANCER);
        assertThat(report.checks()).extracting(Check::name).containsExactly(
                "fairness.mean_smoothness.statisticalParityDifference", "fairness.mean_smoothness.disparateImpact",
                "fairness.mean_smoothness.equalOpportunityDifference", "fairness.mean_smoothness.equalizedOddsDifference",
                "latency.p99");
        Check latency = report.check("latency.p99").orElseThrow();
        assertThat(latency.passed()).isTrue();
        assertThat(latency.value()).isPositive().isLessThan(1000);
    }

    @Test
    @DisplayName("fairness bounds are the given ones; a minimum ratio outside (0, 1] is refused")
    void fairnessBounds() {
        ProtectedGroup smooth = ProtectedGroup.atLeast("mean_smoothness", 0.1);
        ValidationReport usual = Validator.builder().fairness(smooth, "benign").build()
                .validate(RADIUS, "radius", CANCER);
        ValidationReport loose = Validator.builder().fairness(smooth, "benign", 0.5, 0.5).build()
                .validate(RADIUS, "radius", CANCER);
        assertThat(loose.checks()).extracting(Check::value)
                .containsExactlyElementsOf(usual.checks().stream().map(Check::value).toList());
        for (String name : List.of("statisticalParityDifference", "equalOpportunityDifference",
                "equalizedOddsDifference")) {
            String check = "fairness.mean_smoothness." + name;
            assertThat(usual.check(check).orElseThrow().threshold()).as(name).isEqualTo(0.1);
            assertThat(loose.check(check).orElseThrow().threshold()).as(name).isEqualTo(0.5);
        }
        assertThat(usual.check("fairness.mean_smoothness.disparateImpact").orElseThrow().threshold()).isEqualTo(0.8);
        assertThat(loose.check("fairness.mean_smoothness.disparateImpact").orElseThrow().threshold()).isEqualTo(0.5);
        assertThatThrownBy(() -> Validator.builder().fairness(smooth, "benign", 0.1, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("minimum ratio must be in (0, 1], got 1.5");
    }

    private static Check bootstrap(Validator.Builder builder) {
        return builder.build().validate(RADIUS, "radius", CANCER).check("auc.bootstrap").orElseThrow();
    }

    @Test
    @DisplayName("the bootstrap draws the given number of resamples from the given seed")
    void resamplesAndSeed() {
        Validator.Builder builder = Validator.builder().champion(TEXTURE, "texture")
                .significantlyBetter(Metric.AUC, 0.05);
        Check first = bootstrap(builder.resamples(200).seed(7));
        Check again = bootstrap(builder);
        Check otherSeed = bootstrap(builder.seed(8));
        assertThat(first.detail()).contains("200 paired resamples");
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed.value()).isNotEqualTo(first.value());
        assertThatThrownBy(() -> Validator.builder().resamples(99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resamples must be 100 to 1,000,000, got 99");
    }

    @Test
    @DisplayName("rows without a label are left out; data the classifier cannot use is refused naming the column")
    void dataProblems() {
        List<String> labels = new ArrayList<>(CANCER.labels());
        labels.set(0, "");
        labels.set(1, "");
        DataTable table = DataTable.builder().numeric("mean_radius", CANCER.table().numeric("mean_radius").orElseThrow())
                .categorical("diagnosis", labels).build();
        ValidationReport report = Validator.builder().atLeast(Metric.AUC, 0.5).build()
                .validate(RADIUS, "radius", LabeledData.of(table, "diagnosis", "two unlabeled rows"));
        assertThat(report.rows()).isEqualTo(567);

        DataTable noRadius = CANCER.table().select(List.of("mean_texture", "diagnosis"));
        assertThatThrownBy(() -> Validator.builder().atLeast(Metric.AUC, 0.5).build()
                .validate(RADIUS, "radius", LabeledData.of(noRadius, "diagnosis", "no radius")))
                .isInstanceOf(DataException.class).hasMessageContaining("mean_radius");

        DataTable strangeLabel = CANCER.table().rows(IntStream.range(0, 10).toArray());
        List<String> odd = new ArrayList<>(strangeLabel.text("diagnosis"));
        odd.set(3, "unknown");
        DataTable relabeled = DataTable.builder().numeric("mean_radius", strangeLabel.numeric("mean_radius").orElseThrow())
                .categorical("diagnosis", odd).build();
        assertThatThrownBy(() -> Validator.builder().atLeast(Metric.AUC, 0.5).build()
                .validate(RADIUS, "radius", LabeledData.of(relabeled, "diagnosis", "odd")))
                .isInstanceOf(DataException.class).hasMessageContaining("'unknown'");

        assertThatThrownBy(() -> Validator.builder().minImprovement(Metric.AUC, 0.01).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("champion");
    }
}
