package dev.mlops.validation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.DataTable;
import dev.mlops.model.Classifier;
import dev.mlops.model.Metric;
import dev.mlops.model.Outcomes;
import dev.mlops.model.Predictions;
import dev.mlops.validation.Check;
import dev.mlops.validation.GroupFairness;
import dev.mlops.validation.LinearClassifier;
import dev.mlops.validation.ProtectedGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bootstrap and fairness values agree with NumPy/scikit-learn to 1e-9; the reference values come
 * from mlops-core's {@code src/test/python/reference_values.py}. The McNemar test and the
 * percentiles the bootstrap uses are checked in mlops-core ({@code dev.mlops.stats}).
 */
class SignificanceAgreementTest {

    private static final double TOLERANCE = 1e-9;
    private static final List<String> LABELS = List.of("bad", "good");

    private static JsonNode reference;
    private static List<CSVRecord> credit;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = SignificanceAgreementTest.class.getResourceAsStream("/dev/mlops/validation/scipy-significance.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        InputStream in = SignificanceAgreementTest.class.getResourceAsStream("/dev/mlops/validation/predictions-credit-g.csv");
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            credit = parser.getRecords();
        }
    }

    @Test
    @DisplayName("paired bootstrap intervals of AUC and F1 differences equal numpy's over scikit-learn's metrics on the same resamples")
    void bootstrap() {
        JsonNode spec = reference.path("bootstrap");
        int n = spec.path("rows").asInt();
        List<CSVRecord> rows = credit.subList(0, n);
        Outcomes model = coded(rows, "");
        Outcomes champion = coded(rows, "champion_");
        int[][] indices = splitMix64Indices(spec.path("seed").asLong(), spec.path("resamples").asInt(), n);
        for (Metric metric : List.of(Metric.AUC, Metric.F1)) {
            Bootstrap.Interval interval = Bootstrap.paired(model, champion, metric, indices,
                    spec.path("alpha").asDouble());
            JsonNode expected = spec.path("expected").path(metric.jsonName());
            assertThat(interval.observed()).as("observed").isCloseTo(expected.path("observed").asDouble(), within(TOLERANCE));
            assertThat(interval.lower()).as("lower").isCloseTo(expected.path("lower").asDouble(), within(TOLERANCE));
            assertThat(interval.upper()).as("upper").isCloseTo(expected.path("upper").asDouble(), within(TOLERANCE));
            assertThat(interval.resamples()).isEqualTo(expected.path("resamples").asInt());
        }
    }

    @Test
    @DisplayName("fairness metrics and group rates on credit-g equal the NumPy computation, for equal-to, at-least"
            + " and majority groups")
    void fairness() {
        JsonNode spec = reference.path("fairness");
        Evaluation evaluation = evaluation();
        for (JsonNode node : spec.path("groups")) {
            String column = node.path("column").asText();
            ProtectedGroup group = switch (node.path("rule").asText()) {
                case "EQUAL_TO" -> ProtectedGroup.equalTo(column, node.path("values").get(0).asText());
                case "AT_LEAST" -> ProtectedGroup.atLeast(column, node.path("threshold").asDouble());
                default -> ProtectedGroup.majority(column);
            };
            FairnessCheck fairness = new FairnessCheck(group, spec.path("favorable").asText(), 0.1, 0.8);
            List<Check> checks = fairness.run(evaluation);
            JsonNode expected = node.path("expected");
            GroupFairness rates = fairness.groups(evaluation);
            for (String side : List.of("privileged", "unprivileged")) {
                GroupFairness.Group g = side.equals("privileged") ? rates.privileged() : rates.unprivileged();
                JsonNode want = expected.path("rates").path(side);
                assertThat(g.rows()).as(column + " " + side + " rows").isEqualTo(want.path("rows").asInt());
                assertThat(g.selectionRate()).as(column + " " + side + " selection")
                        .isCloseTo(want.path("selectionRate").asDouble(), within(TOLERANCE));
                assertThat(g.truePositiveRate()).as(column + " " + side + " TPR")
                        .isCloseTo(want.path("truePositiveRate").asDouble(), within(TOLERANCE));
                assertThat(g.falsePositiveRate()).as(column + " " + side + " FPR")
                        .isCloseTo(want.path("falsePositiveRate").asDouble(), within(TOLERANCE));
            }
            for (String name : List.of("statisticalParityDifference", "disparateImpact", "equalOpportunityDifference",
                    "equalizedOddsDifference")) {
                Check check = checks.stream().filter(c -> c.name().equals("fairness." + column + "." + name)).findFirst()
                        .orElseThrow();
                assertThat(check.value()).as(column + " " + name).isCloseTo(expected.path(name).asDouble(), within(TOLERANCE));
            }
        }
    }

    /** The committed predictions with the protected columns, as an evaluation of a credit-g model. */
    private static Evaluation evaluation() {
        // the checks read the model's labels only; the predictions are the committed ones
        Classifier model = new LinearClassifier(LABELS, "bad", Map.of("age", 0.01), 0);
        double[] age = credit.stream().mapToDouble(r -> Double.parseDouble(r.get("age"))).toArray();
        DataTable table = DataTable.builder()
                .categorical("personal_status", credit.stream().map(r -> r.get("personal_status")).toList())
                .numeric("age", age)
                .categorical("foreign_worker", credit.stream().map(r -> r.get("foreign_worker")).toList())
                .build();
        Predictions predictions = predictions(credit, "");
        List<String> actual = credit.stream().map(r -> r.get("actual")).toList();
        Outcomes coded = Outcomes.of(LABELS, Optional.of("bad"), actual, predictions.predictedLabels(), predictions.probabilityMatrix());
        return new Evaluation(model, table, "predictions-credit-g.csv", actual, predictions, coded,
                dev.mlops.model.ClassificationMetrics.of(predictions, actual), Optional.empty(), 42, 1000);
    }

    private static Predictions predictions(List<CSVRecord> rows, String prefix) {
        double[][] p = rows.stream().map(r -> new double[] {Double.parseDouble(r.get(prefix + "p_bad")),
                Double.parseDouble(r.get(prefix + "p_good"))}).toArray(double[][]::new);
        Predictions predictions = new Predictions(LABELS, Optional.of("bad"), p);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(predictions.label(i)).isEqualTo(rows.get(i).get(prefix + "prediction"));
        }
        return predictions;
    }

    private static Outcomes coded(List<CSVRecord> rows, String prefix) {
        Predictions predictions = predictions(rows, prefix);
        return Outcomes.of(LABELS, Optional.of("bad"), rows.stream().map(r -> r.get("actual")).toList(),
                predictions.predictedLabels(), predictions.probabilityMatrix());
    }

    /** The resamples the Python script draws: SplitMix64 outputs modulo n, unsigned. */
    static int[][] splitMix64Indices(long seed, int resamples, int n) {
        long state = seed;
        int[][] indices = new int[resamples][n];
        for (int[] sample : indices) {
            for (int i = 0; i < n; i++) {
                state += 0x9E3779B97F4A7C15L;
                long z = state;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z = z ^ (z >>> 31);
                sample[i] = (int) Long.remainderUnsigned(z, n);
            }
        }
        return indices;
    }
}
