package dev.mlops.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Metric;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionPolicy;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.Stage;
import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationGateTest {

    @TempDir
    Path dir;

    private ModelRegistry open() {
        return ModelRegistries.builder("file:" + dir).refreshInterval(Duration.ZERO)
                .gate(ValidationGate.requirePassedReport()).open();
    }

    private static void toStaging(ModelRegistry registry, ModelVersion v) {
        registry.promote(v.name(), v.version(), Stage.TESTING, "offline metrics");
        registry.promote(v.name(), v.version(), Stage.STAGING, "shadow traffic");
    }

    @Test
    @DisplayName("a better challenger is promoted on a passed report; a worse one is refused and production stays")
    void championChallenger() {
        LabeledData credit = TestData.creditG();
        DataTable table = credit.table();
        LabeledData training = LabeledData.of(table.rows(IntStream.range(0, 800).toArray()),
                "class", "credit-g rows 1-800");
        LabeledData holdout = LabeledData.of(table.rows(IntStream.range(800, 1000).toArray()),
                "class", "credit-g rows 801-1000");
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            ModelVersion first = trainer.train(training, TrainingSpec.builder(Algorithm.CART).param("maxDepth", "2")
                    .folds(0).registerAs("credit").build()).version().orElseThrow();
            toStaging(registry, first);
            assertThatThrownBy(() -> registry.promote("credit", 1, Stage.PRODUCTION, "first"))
                    .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("no validation report");

            Validator alone = Validator.builder().atLeast(Metric.AUC, 0.6).minRows(100).build();
            alone.validate(TrainedModel.load(registry, "credit:1"), "credit:1", holdout).attachTo(registry, "credit", 1);
            registry.promote("credit", 1, Stage.PRODUCTION, "validated");

            ModelVersion better = trainer.train(training, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0)
                    .registerAs("credit").build()).version().orElseThrow();
            ModelVersion worse = trainer.train(training, TrainingSpec.builder(Algorithm.CART).param("maxDepth", "1")
                    .folds(0).registerAs("credit").build()).version().orElseThrow();
            assertThat(better.version()).isEqualTo(2);
            assertThat(worse.version()).isEqualTo(3);

            Validator gate = Validator.builder().atLeast(Metric.AUC, 0.6)
                    .champion(TrainedModel.load(registry, "credit@production"), "credit:1")
                    .minImprovement(Metric.AUC, 0.01).build();
            for (ModelVersion challenger : new ModelVersion[] {worse, better}) {
                toStaging(registry, challenger);
                gate.validate(TrainedModel.load(registry, challenger.ref().toString()), challenger.ref().toString(), holdout)
                        .attachTo(registry, "credit", challenger.version());
            }
            assertThatThrownBy(() -> registry.promote("credit", 3, Stage.PRODUCTION, "try"))
                    .isInstanceOf(PromotionRefusedException.class)
                    .hasMessageContaining("auc.improvement").hasMessageContaining("< champion");
            assertThat(registry.get("credit@production").version()).isEqualTo(1);

            registry.promote("credit", 2, Stage.PRODUCTION, "beats the champion");
            assertThat(registry.get("credit@production").version()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a champion named by reference: none yet on a new model (comparisons skipped, the first version"
            + " gets in), then whatever is in production when validate runs")
    void championByReference() {
        LabeledData cancer = TestData.breastCancer();
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            Validator validator = Validator.builder().atLeast(Metric.AUC, 0.6)
                    .champion(registry, "cancer@production").minImprovement(Metric.AUC, -0.05)
                    .significantlyBetter(Metric.ACCURACY, 0.05).build();
            ModelVersion first = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0)
                    .registerAs("cancer").build()).version().orElseThrow();
            ValidationReport alone = validator.validate(TrainedModel.load(registry, "cancer:1"), "cancer:1", cancer);
            assertThat(alone.champion()).isEmpty();
            assertThat(alone.checks()).extracting(Check::name).containsExactly("auc.min");
            assertThat(alone.skipped()).containsExactly(
                    new SkippedCheck("auc.improvement", "no champion yet: cancer@production points to no version"),
                    new SkippedCheck("accuracy.mcnemar", "no champion yet: cancer@production points to no version"));
            assertThat(alone.passed()).isTrue();
            assertThat(alone.toText()).contains("1 checks, 2 skipped")
                    .contains("  SKIP  auc.improvement: no champion yet: cancer@production points to no version");
            assertThat(alone.toHtml()).contains("<tr class=\"skip\"><td><code>accuracy.mcnemar</code>");
            assertThat(ValidationReport.fromJson(alone.toJson())).isEqualTo(alone);
            alone.attachTo(registry, "cancer", 1);
            toStaging(registry, first);
            registry.promote("cancer", 1, Stage.PRODUCTION, "first version, validated on its own");

            trainer.train(cancer, TrainingSpec.builder(Algorithm.CART).param("maxDepth", "1").folds(0)
                    .registerAs("cancer").build());
            ValidationReport challenged = validator.validate(TrainedModel.load(registry, "cancer:2"), "cancer:2",
                    cancer);
            assertThat(challenged.champion()).contains("cancer:1 (cancer@production)");
            assertThat(challenged.skipped()).isEmpty();
            assertThat(challenged.checks()).extracting(Check::name)
                    .containsExactly("auc.min", "auc.improvement", "accuracy.mcnemar");
            assertThat(challenged.check("auc.improvement").orElseThrow().passed()).isFalse();

            Validator missing = Validator.builder().champion(registry, "cancer:9").minImprovement(Metric.AUC, 0)
                    .build();
            assertThatThrownBy(() -> missing.validate(TrainedModel.load(registry, "cancer:2"), "cancer:2", cancer))
                    .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("cancer:9");
            assertThatThrownBy(() -> Validator.builder().champion(registry, "cancer:x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
        }
    }

    @Test
    @DisplayName("only the newest report counts, one naming another version is refused, and other stages need none")
    void rules() {
        LabeledData cancer = TestData.breastCancer();
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            ModelVersion v = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).registerAs("cancer")
                    .build()).version().orElseThrow();
            toStaging(registry, v);
            TrainedModel model = TrainedModel.load(registry, "cancer:1");
            Validator.builder().atLeast(Metric.AUC, 0.5).build().validate(model, "cancer:1", cancer).attachTo(registry, "cancer", 1);
            Validator.builder().atLeast(Metric.AUC, 0.9999).build().validate(model, "cancer:1", cancer)
                    .attachTo(registry, "cancer", 1);
            assertThatThrownBy(() -> registry.promote("cancer", 1, Stage.PRODUCTION, "newest failed"))
                    .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("auc.min");

            // a report naming another version is refused as evidence when it is attached
            ValidationReport other = Validator.builder().atLeast(Metric.AUC, 0.5).build().validate(model, "cancer:7", cancer);
            assertThatThrownBy(() -> other.attachTo(registry, "cancer", 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is for cancer:7");
            assertThatThrownBy(() -> registry.promote("cancer", 1, Stage.PRODUCTION, "newest still failed"))
                    .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("auc.min");

            Validator.builder().build().validate(model, "cancer:1", cancer).attachTo(registry, "cancer", 1);
            assertThatThrownBy(() -> registry.promote("cancer", 1, Stage.PRODUCTION, "no checks"))
                    .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("no checks");

            Validator.builder().atLeast(Metric.AUC, 0.5).build().validate(model, "cancer:1", cancer).attachTo(registry, "cancer", 1);
            assertThat(registry.promote("cancer", 1, Stage.PRODUCTION, "passed").stage()).isEqualTo(Stage.PRODUCTION);
        }
    }

    @Test
    @DisplayName("a report of a registered version names its artifact, and only such a report counts for a stored policy")
    void boundReports() {
        LabeledData cancer = TestData.breastCancer();
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            ModelVersion v = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).registerAs("cancer")
                    .build()).version().orElseThrow();
            toStaging(registry, v);
            TrainedModel model = TrainedModel.load(registry, "cancer:1");
            Validator validator = Validator.builder().atLeast(Metric.AUC, 0.5).build();
            ValidationReport bound = validator.validate(model, v, cancer);
            assertThat(bound.model()).isEqualTo("cancer:1");
            assertThat(bound.artifactSha256()).isEqualTo(v.sha256());
            assertThat(ValidationReport.fromJson(bound.toJson())).isEqualTo(bound);

            registry.setPolicy("cancer", new PromotionPolicy(new PromotionPolicy.Rule(0, true, List.of("auc.*"),
                    List.of()), PromotionPolicy.Rule.NONE), "validated reports only");
            validator.validate(model, "cancer:1", cancer).attachTo(registry, "cancer", 1);
            assertThatThrownBy(() -> registry.promote("cancer", 1, Stage.PRODUCTION, "named only"))
                    .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("names no artifact digest");
            bound.attachTo(registry, "cancer", 1);
            assertThat(registry.promote("cancer", 1, Stage.PRODUCTION, "bound").stage()).isEqualTo(Stage.PRODUCTION);
        }
    }

    @Test
    @DisplayName("a gate on chosen stages needs a passed report for those and for no other")
    void chosenStages() {
        assertThatThrownBy(() -> ValidationGate.requirePassedReport(java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("guard at least one stage");
        LabeledData cancer = TestData.breastCancer();
        ValidationGate staging = ValidationGate.requirePassedReport(java.util.EnumSet.of(Stage.STAGING));
        try (ModelRegistry registry = ModelRegistries.builder("file:" + dir.resolve("staging"))
                .refreshInterval(Duration.ZERO).gate(staging).open();
                Trainer trainer = Trainer.builder().registry(registry).build()) {
            trainer.train(cancer, TrainingSpec.builder(Algorithm.CART).folds(0).registerAs("cancer").build());
            registry.promote("cancer", 1, Stage.TESTING, "no report needed");
            assertThatThrownBy(() -> registry.promote("cancer", 1, Stage.STAGING, "unvalidated"))
                    .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("before promoting to STAGING");
            Validator.builder().atLeast(Metric.AUC, 0.5).build()
                    .validate(TrainedModel.load(registry, "cancer:1"), "cancer:1", cancer)
                    .attachTo(registry, "cancer", 1);
            registry.promote("cancer", 1, Stage.STAGING, "validated");
            assertThat(registry.get("cancer:1").stage()).isEqualTo(Stage.STAGING);
        }
    }

    @Test
    @DisplayName("the lenient gate passes versions never validated and refuses a failed newest report")
    void lenient() {
        LabeledData cancer = TestData.breastCancer();
        try (ModelRegistry registry = ModelRegistries.builder("file:" + dir.resolve("lenient"))
                .gate(ValidationGate.refuseFailedReport()).open();
                Trainer trainer = Trainer.builder().registry(registry).build()) {
            TrainingSpec spec = TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).registerAs("cancer").build();
            ModelVersion unvalidated = trainer.train(cancer, spec).version().orElseThrow();
            toStaging(registry, unvalidated);
            assertThat(registry.promote("cancer", 1, Stage.PRODUCTION, "never validated").stage())
                    .isEqualTo(Stage.PRODUCTION);

            ModelVersion failed = trainer.train(cancer, spec).version().orElseThrow();
            toStaging(registry, failed);
            Validator.builder().atLeast(Metric.AUC, 0.9999).build()
                    .validate(TrainedModel.load(registry, "cancer:2"), "cancer:2", cancer).attachTo(registry, "cancer", 2);
            assertThatThrownBy(() -> registry.promote("cancer", 2, Stage.PRODUCTION, "failed"))
                    .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("failed 1 of 1");
        }
    }
}
