package dev.mlops.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Metric;
import dev.mlops.model.Predictions;
import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ValidatorTest {

    /** credit-g rows 800 to 999, never trained on. */
    private static LabeledData holdout;
    /** Logistic regression on rows 0 to 799. */
    private static TrainedModel strong;
    /** A one-split tree on the same rows: clearly worse. */
    private static TrainedModel stump;

    @BeforeAll
    static void train() {
        LabeledData credit = TestData.creditG();
        DataTable table = credit.table();
        LabeledData training = LabeledData.of(table.rows(IntStream.range(0, 800).toArray()),
                "class", "credit-g rows 1-800");
        holdout = LabeledData.of(table.rows(IntStream.range(800, 1000).toArray()),
                "class", "credit-g rows 801-1000");
        try (Trainer trainer = Trainer.create()) {
            strong = trainer.train(training, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build()).model();
            stump = trainer.train(training, TrainingSpec.builder(Algorithm.CART).param("maxDepth", "1").folds(0).build()).model();
        }
    }

    private static Check only(ValidationReport report) {
        assertThat(report.checks()).hasSize(1);
        return report.checks().get(0);
    }

    @Nested
    @DisplayName("value gates")
    class ValueGates {

        @Test
        @DisplayName("metric bounds pass or fail with the value, the threshold and a sentence")
        void bounds() {
            ValidationReport report = Validator.builder().atLeast(Metric.AUC, 0.7).atLeast(Metric.AUC, 0.99)
                    .atMost(Metric.LOG_LOSS, 0.01).build().validate(strong, "credit:2", holdout);
            double auc = report.metrics().get("auc");
            assertThat(report.checks()).extracting(Check::name).containsExactly("auc.min", "auc.min", "logLoss.max");
            assertThat(report.checks().get(0).passed()).isTrue();
            assertThat(report.checks().get(0).detail()).isEqualTo(String.format(java.util.Locale.ROOT, "AUC %.3f ≥ 0.700", auc));
            assertThat(report.checks().get(1)).satisfies(c -> {
                assertThat(c.passed()).isFalse();
                assertThat(c.value()).isEqualTo(auc);
                assertThat(c.threshold()).isEqualTo(0.99);
                assertThat(c.detail()).isEqualTo(String.format(java.util.Locale.ROOT, "AUC %.3f < 0.990", auc));
            });
            assertThat(report.checks().get(2).detail()).startsWith("log loss ").contains(" > 0.010");
            assertThat(report.passed()).isFalse();
            assertThat(report.failures()).hasSize(2);
            assertThatThrownBy(report::requirePassed).isInstanceOf(ValidationFailedException.class)
                    .hasMessageContaining("credit:2").hasMessageContaining("< 0.990")
                    .satisfies(e -> assertThat(((ValidationFailedException) e).report()).isSameAs(report));
        }

        @Test
        @DisplayName("too few labeled rows fail the minimum evaluation size")
        void minRows() {
            assertThat(only(Validator.builder().minRows(150).build().validate(strong, "m", holdout)).passed()).isTrue();
            Check tooFew = only(Validator.builder().minRows(1000).build().validate(strong, "m", holdout));
            assertThat(tooFew.passed()).isFalse();
            assertThat(tooFew.detail()).isEqualTo("200 labeled rows < 1000");
        }

        @Test
        @DisplayName("labels the model does not know, and data without labels, are data errors")
        void badData() {
            DataTable table = DataTable.builder().numeric("duration", new double[] {6})
                    .categorical("class", new String[] {"excellent"}).build();
            assertThatThrownBy(() -> Validator.builder().build().validate(strong, "m", LabeledData.of(table, "class", "odd")))
                    .isInstanceOf(DataException.class).hasMessageContaining("'excellent'");
            DataTable unlabeled = DataTable.builder().numeric("duration", new double[] {6})
                    .categorical("class", new String[] {""}).build();
            assertThatThrownBy(() -> Validator.builder().build().validate(strong, "m", LabeledData.of(unlabeled, "class", "new")))
                    .isInstanceOf(DataException.class).hasMessageContaining("no row has a label");
        }
    }

    @Nested
    @DisplayName("against the champion")
    class Champion {

        @Test
        @DisplayName("absolute and relative improvement gates name the champion's value and the margin")
        void improvement() {
            ValidationReport better = Validator.builder().champion(stump, "credit:1")
                    .minImprovement(Metric.AUC, 0.01).minRelativeImprovement(Metric.ACCURACY, -0.05)
                    .build().validate(strong, "credit:2", holdout);
            assertThat(better.champion()).contains("credit:1");
            assertThat(better.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.detail()).isTrue());
            assertThat(better.checks().get(0).detail()).matches("AUC 0\\.\\d{3} ≥ champion 0\\.\\d{3} \\+ 0\\.01");
            assertThat(better.checks().get(1).detail()).matches("accuracy 0\\.\\d{3} ≥ champion 0\\.\\d{3} × 0\\.95");

            ValidationReport worse = Validator.builder().champion(strong, "credit:2").minImprovement(Metric.AUC, 0.005)
                    .build().validate(stump, "credit:3", holdout);
            Check check = only(worse);
            assertThat(check.passed()).isFalse();
            double championAuc = worse.championMetrics().get("auc");
            assertThat(check.threshold()).isCloseTo(championAuc + 0.005, within(1e-12));
            assertThat(check.detail()).isEqualTo(String.format(java.util.Locale.ROOT, "AUC %.3f < champion %.3f + 0.005",
                    worse.metrics().get("auc"), championAuc));
        }

        @Test
        @DisplayName("significance: McNemar for accuracy, bootstrap for AUC; a better model passes, a worse one is caught")
        void significance() {
            ValidationReport better = Validator.builder().champion(stump, "stump")
                    .significantlyBetter(Metric.AUC, 0.05).notSignificantlyWorse(Metric.ACCURACY, 0.05)
                    .build().validate(strong, "strong", holdout);
            Check auc = better.check("auc.bootstrap").orElseThrow();
            assertThat(auc.passed()).as(auc.detail()).isTrue();
            assertThat(auc.value()).as("lower bound").isGreaterThan(0);
            assertThat(auc.detail()).contains("95% CI").contains("1000 paired resamples").contains("significantly better");

            ValidationReport worse = Validator.builder().champion(strong, "strong")
                    .significantlyBetter(Metric.ACCURACY, 0.05).notSignificantlyWorse(Metric.AUC, 0.05)
                    .build().validate(stump, "stump", holdout);
            Check mcnemar = worse.check("accuracy.mcnemar").orElseThrow();
            assertThat(mcnemar.passed()).isFalse();
            assertThat(mcnemar.value()).isBetween(0.0, 1.0);
            assertThat(mcnemar.threshold()).isEqualTo(0.05);
            assertThat(mcnemar.detail()).contains("exact McNemar p = ").contains("rows only the model got right");
            assertThat(worse.check("auc.bootstrap").orElseThrow().passed()).isFalse();
            assertThat(worse.check("auc.bootstrap").orElseThrow().detail()).contains("significantly worse");
        }

        @Test
        @DisplayName("champion checks without a champion are a configuration error")
        void needsChampion() {
            assertThatThrownBy(() -> Validator.builder().minImprovement(Metric.AUC, 0.01).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("champion");
        }
    }

    @Nested
    @DisplayName("robustness")
    class Robustness {

        @Test
        @DisplayName("more noise costs more; a little noise or a few holes stay within bounds")
        void noiseAndMissing() {
            ValidationReport report = Validator.builder().noise(0.05, Metric.AUC, 0.05).noise(3, Metric.AUC, 0.05)
                    .missingValues(0.1, Metric.AUC, 0.1).build().validate(strong, "m", holdout);
            Check little = report.checks().get(0);
            Check lots = report.checks().get(1);
            assertThat(little.passed()).as(little.detail()).isTrue();
            assertThat(lots.value()).isGreaterThan(little.value());
            assertThat(lots.name()).isEqualTo("robustness.noise.auc");
            assertThat(lots.detail()).contains("Gaussian noise of 3 standard deviations on 7 numeric columns");
            Check holes = report.checks().get(2);
            assertThat(holes.name()).isEqualTo("robustness.missing.auc");
            assertThat(holes.passed()).as(holes.detail()).isTrue();
            assertThat(Validator.builder().noise(0.05, Metric.AUC, 0.05).build().validate(strong, "m", holdout).checks())
                    .as("seeded").isEqualTo(List.of(little));
        }
    }

    @Nested
    @DisplayName("fairness")
    class Fairness {

        @Test
        @DisplayName("values are unprivileged minus privileged, recomputed here by counting")
        void signConvention() {
            ValidationReport report = Validator.builder().fairness(ProtectedGroup.atLeast("age", 25), "good")
                    .build().validate(strong, "m", holdout);
            Predictions predictions = strong.predict(holdout.table(), "holdout");
            double[] age = holdout.table().numeric("age").orElseThrow();
            double[] selected = new double[2];
            double[] size = new double[2];
            double[] truePositives = new double[2];
            double[] positives = new double[2];
            for (int r = 0; r < age.length; r++) {
                int g = age[r] >= 25 ? 0 : 1;
                boolean fav = predictions.label(r).equals("good");
                size[g]++;
                selected[g] += fav ? 1 : 0;
                if (holdout.labels().get(r).equals("good")) {
                    positives[g]++;
                    truePositives[g] += fav ? 1 : 0;
                }
            }
            double spd = selected[1] / size[1] - selected[0] / size[0];
            double di = (selected[1] / size[1]) / (selected[0] / size[0]);
            double eod = truePositives[1] / positives[1] - truePositives[0] / positives[0];
            assertThat(report.check("fairness.age.statisticalParityDifference").orElseThrow().value()).isCloseTo(spd, within(1e-12));
            assertThat(report.check("fairness.age.disparateImpact").orElseThrow().value()).isCloseTo(di, within(1e-12));
            assertThat(report.check("fairness.age.equalOpportunityDifference").orElseThrow().value()).isCloseTo(eod, within(1e-12));
            assertThat(report.check("fairness.age.equalizedOddsDifference").orElseThrow().value()).isGreaterThanOrEqualTo(Math.abs(eod));
            assertThat(report.check("fairness.age.disparateImpact").orElseThrow().passed()).isEqualTo(di >= 0.8 && di <= 1.25);
            assertThat(report.checks()).allSatisfy(c -> assertThat(c.detail()).contains("favorable 'good'").contains("age ≥ 25"));
        }

        @Test
        @DisplayName("with the positive class ('bad') as the favorable outcome, parity differences change sign")
        void favorableFlips() {
            ProtectedGroup sex = ProtectedGroup.parse("personal_status=male single");
            ValidationReport good = Validator.builder().fairness(sex, "good").build().validate(strong, "m", holdout);
            ValidationReport bad = Validator.builder().fairness(sex, "bad").build().validate(strong, "m", holdout);
            String name = "fairness.personal_status.statisticalParityDifference";
            assertThat(bad.check(name).orElseThrow().value()).isCloseTo(-good.check(name).orElseThrow().value(), within(1e-12));
            assertThat(bad.check(name).orElseThrow().detail()).contains("favorable 'bad'");
        }

        @Test
        @DisplayName("the command line's group forms parse, values with '=' or '>=' included")
        void parsing() {
            assertThat(ProtectedGroup.parse("age>=25")).isEqualTo(ProtectedGroup.atLeast("age", 25));
            assertThat(ProtectedGroup.parse("employment=>=7")).isEqualTo(ProtectedGroup.equalTo("employment", ">=7"));
            assertThat(ProtectedGroup.parse("personal_status=male single"))
                    .isEqualTo(ProtectedGroup.equalTo("personal_status", "male single"));
            assertThat(ProtectedGroup.parse("foreign_worker")).isEqualTo(ProtectedGroup.majority("foreign_worker"));
            assertThatThrownBy(() -> ProtectedGroup.parse("age>=young")).hasMessageContaining("'young'");
            assertThatThrownBy(() -> ProtectedGroup.parse("=x")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("foreign_worker: the majority 'yes' is privileged; a missing protected column is a data error")
        void majorityAndMissingColumn() {
            ValidationReport report = Validator.builder().fairness(ProtectedGroup.parse("foreign_worker"), "good")
                    .build().validate(strong, "m", holdout);
            assertThat(report.checks()).hasSize(4).allSatisfy(c -> assertThat(c.detail()).contains("foreign_worker = 'yes'"));
            assertThatThrownBy(() -> Validator.builder().fairness(ProtectedGroup.parse("sex=female"), "good").build()
                    .validate(strong, "m", holdout)).isInstanceOf(DataException.class).hasMessageContaining("'sex'");
        }
    }

    @Nested
    @DisplayName("latency and the report")
    class LatencyAndReport {

        @Test
        @DisplayName("p99 single-row latency is measured in milliseconds against the budget")
        void latency() {
            ValidationReport report = Validator.builder().latency(Duration.ofSeconds(1), 200)
                    .latency(Duration.ofNanos(1), 200).build().validate(strong, "m", holdout);
            assertThat(report.checks().get(0).passed()).isTrue();
            assertThat(report.checks().get(0).value()).isGreaterThan(0).isLessThan(1000);
            assertThat(report.checks().get(0).threshold()).isEqualTo(1000.0);
            assertThat(report.checks().get(1).passed()).isFalse();
            assertThat(report.checks().get(1).detail()).startsWith("p99 of 200 single-row predictions")
                    .containsPattern("after \\d+ warm-up predictions in \\d+ ms");
            // warm-up goes on until 20,000 predictions or a second, whichever comes first
            String detail = report.checks().get(0).detail();
            long warmedUp = Long.parseLong(detail.replaceAll(".*after (\\d+) warm-up.*", "$1"));
            long warmUpMillis = Long.parseLong(detail.replaceAll(".* in (\\d+) ms.*", "$1"));
            assertThat(warmedUp >= 20_000 || warmUpMillis >= 1_000).as(detail).isTrue();
        }

        @Test
        @DisplayName("the report has the JSON shape of mlops validate, reads back, and renders as a page")
        void formats() throws Exception {
            Instant now = Instant.parse("2025-01-02T03:04:05Z");
            ValidationReport report = Validator.builder().clock(InstantSource.fixed(now)).atLeast(Metric.AUC, 0.99)
                    .champion(stump, "credit:1").minImprovement(Metric.AUC, 0).build().validate(strong, "credit:2", holdout);
            JsonNode json = new ObjectMapper().readTree(report.toJson());
            assertThat(json.path("passed").asBoolean()).isFalse();
            for (JsonNode check : json.path("checks")) {
                assertThat(check.has("name") && check.has("value") && check.has("threshold") && check.has("passed")
                        && check.has("detail")).isTrue();
            }
            assertThat(json.path("champion").asText()).isEqualTo("credit:1");
            assertThat(json.path("data").path("rows").asInt()).isEqualTo(200);
            JsonNode counts = json.path("confusionMatrix").path("counts");
            assertThat(json.path("confusionMatrix").path("labels").toString()).isEqualTo("[\"bad\",\"good\"]");
            assertThat(counts.get(0).get(0).asLong() + counts.get(0).get(1).asLong() + counts.get(1).get(0).asLong()
                    + counts.get(1).get(1).asLong()).isEqualTo(200);
            assertThat(json.path("roc").path("positiveClass").asText()).isEqualTo("bad");
            assertThat(json.path("roc").path("thresholds").get(0).isNull()).as("+∞ is written as null").isTrue();
            assertThat(report.roc().orElseThrow().area()).isCloseTo(report.metrics().get("auc"), within(1e-9));
            assertThat(report.championRoc().orElseThrow().area())
                    .isCloseTo(report.championMetrics().get("auc"), within(1e-9));
            assertThat(ValidationReport.fromJson(report.toJson())).isEqualTo(report);
            com.fasterxml.jackson.databind.node.ObjectNode older = (com.fasterxml.jackson.databind.node.ObjectNode) json;
            older.remove(List.of("skipped", "confusionMatrix", "roc", "championRoc", "fairness"));
            ValidationReport stored = ValidationReport.fromJson(older.toString());
            assertThat(stored.checks()).as("a report stored before the charts' data reads").isEqualTo(report.checks());
            assertThat(stored.confusionMatrix().labels()).isEmpty();
            assertThat(stored.toHtml()).contains("auc.improvement").doesNotContain("confusion-matrix", "id=\"roc\"");

            String html = report.toHtml();
            assertThat(html).startsWith("<!DOCTYPE html>").contains("FAILED").contains("auc.min").contains("auc.improvement")
                    .contains("&lt;").contains("id=\"confusion-matrix\"").contains("id=\"roc-model\"")
                    .contains("id=\"roc-champion\"").doesNotContain("<script").doesNotContain("http");
            assertThat(report.toText()).contains("FAIL  auc.min").contains("PASS  auc.improvement")
                    .contains("Confusion matrix (rows: actual, columns: predicted)");
        }

        @Test
        @DisplayName("the fairness group rates are in the report, equal to what the checks compared, and drawn as bars")
        void fairnessRates() {
            ValidationReport report = Validator.builder().fairness(ProtectedGroup.atLeast("age", 25), "good").build()
                    .validate(strong, "m", holdout);
            GroupFairness rates = report.fairness().get(0);
            assertThat(rates.column()).isEqualTo("age");
            assertThat(rates.favorable()).isEqualTo("good");
            assertThat(rates.privileged().description()).isEqualTo("age ≥ 25");
            assertThat(rates.unprivileged().description()).isEqualTo("age < 25");
            assertThat(rates.privileged().rows() + rates.unprivileged().rows() + rates.leftOut()).isEqualTo(200);
            assertThat(report.check("fairness.age.statisticalParityDifference").orElseThrow().value())
                    .isEqualTo(rates.unprivileged().selectionRate() - rates.privileged().selectionRate());
            assertThat(report.check("fairness.age.equalOpportunityDifference").orElseThrow().value())
                    .isEqualTo(rates.unprivileged().truePositiveRate() - rates.privileged().truePositiveRate());
            assertThat(report.toHtml()).contains("id=\"fairness-0\"").contains("privileged: age ≥ 25 ("
                    + rates.privileged().rows() + " rows)");
            assertThat(ValidationReport.fromJson(report.toJson()).fairness()).isEqualTo(report.fairness());
        }
    }
}
