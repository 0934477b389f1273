package dev.mlops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metrics and ROC curves agree with scikit-learn 1.2.1 on the same predictions; the reference values come
 * from {@code src/test/python/reference_values.py}.
 */
class MetricsAgreementTest {

    private static final double TOLERANCE = 1e-9;

    static Stream<Arguments> cases() throws IOException {
        JsonNode root = read("/dev/mlops/model/sklearn-metrics.json");
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode node : root.path("cases")) {
            cases.add(Arguments.of(node.path("name").asText(), node));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("accuracy, precision, recall, F1, AUC and log loss equal scikit-learn's to 1e-9")
    void agreesWithScikitLearn(String name, JsonNode node) throws IOException {
        Case c = Case.of(node);
        ClassificationMetrics metrics = ClassificationMetrics.compute(c.labels(), c.positive(), c.actual(),
                c.predicted(), c.probabilities());
        List<String> actual = c.actual();
        JsonNode expected = node.path("expected");
        for (Metric metric : Metric.values()) {
            JsonNode value = expected.path(metric.jsonName());
            if (value.isNull()) {
                assertThat(metrics.get(metric)).as(metric.jsonName() + " is undefined").isNaN();
            } else {
                assertThat(metrics.get(metric)).as(metric.jsonName()).isCloseTo(value.asDouble(), within(TOLERANCE));
            }
        }
        assertThat(metrics.rows()).isEqualTo(actual.size());
        long total = metrics.confusionMatrix().counts().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
        assertThat(total).isEqualTo(actual.size());
    }

    /** The binary cases with both classes among the actual labels, which have a ROC curve. */
    static Stream<Arguments> binaryCases() throws IOException {
        return cases().filter(arguments -> !((JsonNode) arguments.get()[1]).path("roc").isNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    @DisplayName("the ROC curve of a binary case equals scikit-learn's roc_curve to 1e-12, and its area the AUC")
    void rocAgreesWithScikitLearn(String name, JsonNode node) throws IOException {
        Case c = Case.of(node);
        Predictions predictions = new Predictions(c.labels(), c.positive(), c.probabilities());
        RocCurve curve = RocCurve.of(predictions, c.actual());
        JsonNode expected = node.path("roc");
        assertThat(curve.positiveClass()).isEqualTo(c.positive().orElseThrow());
        assertThat(curve.falsePositiveRate()).hasSize(expected.path("fpr").size());
        for (int i = 0; i < curve.size(); i++) {
            assertThat(curve.falsePositiveRate().get(i)).as("fpr " + i)
                    .isCloseTo(expected.path("fpr").get(i).asDouble(), within(1e-12));
            assertThat(curve.truePositiveRate().get(i)).as("tpr " + i)
                    .isCloseTo(expected.path("tpr").get(i).asDouble(), within(1e-12));
        }
        assertThat(curve.thresholds().get(0)).isEqualTo(Double.POSITIVE_INFINITY);
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.thresholds().get(i)).as("threshold " + i)
                    .isEqualTo(expected.path("thresholds").get(i - 1).asDouble());
        }
        assertThat(curve.area()).isCloseTo(ClassificationMetrics.of(predictions, c.actual()).auc(), within(TOLERANCE));
    }

    /** One case's inputs, from the JSON or from the committed predictions file it names. */
    private record Case(List<String> labels, Optional<String> positive, List<String> actual, List<String> predicted,
            double[][] probabilities) {

        static Case of(JsonNode node) throws IOException {
            List<String> labels = strings(node.path("labels"));
            Optional<String> positive = node.path("positive").isNull() ? Optional.empty()
                    : Optional.of(node.path("positive").asText());
            if (!node.has("file")) {
                List<String> actual = strings(node.path("actual"));
                double[][] probabilities = new double[actual.size()][];
                for (int r = 0; r < probabilities.length; r++) {
                    JsonNode row = node.path("probabilities").get(r);
                    probabilities[r] = new double[row.size()];
                    for (int k = 0; k < row.size(); k++) {
                        probabilities[r][k] = row.get(k).asDouble();
                    }
                }
                return new Case(labels, positive, actual, strings(node.path("predicted")), probabilities);
            }
            String prefix = node.path("prefix").asText();
            List<String> actual = new ArrayList<>();
            List<String> predicted = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            for (CSVRecord record : csv("/dev/mlops/" + node.path("file").asText())) {
                actual.add(record.get("actual"));
                predicted.add(record.get(prefix + "prediction"));
                rows.add(labels.stream().mapToDouble(l -> Double.parseDouble(record.get(prefix + "p_" + l))).toArray());
            }
            return new Case(labels, positive, actual, predicted, rows.toArray(double[][]::new));
        }
    }

    static JsonNode read(String resource) throws IOException {
        try (InputStream in = MetricsAgreementTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the test class path").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    static List<CSVRecord> csv(String resource) throws IOException {
        InputStream in = MetricsAgreementTest.class.getResourceAsStream(resource);
        assertThat(in).as(resource + " on the test class path").isNotNull();
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parser.getRecords();
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
