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
 * Metrics agree with scikit-learn 1.2.1 to 1e-9 on the same predictions; the reference values come
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
        List<String> labels = strings(node.path("labels"));
        Optional<String> positive = node.path("positive").isNull() ? Optional.empty()
                : Optional.of(node.path("positive").asText());
        List<String> actual;
        List<String> predicted;
        double[][] probabilities;
        if (node.has("file")) {
            String prefix = node.path("prefix").asText();
            actual = new ArrayList<>();
            predicted = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            for (CSVRecord record : csv("/dev/mlops/" + node.path("file").asText())) {
                actual.add(record.get("actual"));
                predicted.add(record.get(prefix + "prediction"));
                rows.add(labels.stream().mapToDouble(l -> Double.parseDouble(record.get(prefix + "p_" + l))).toArray());
            }
            probabilities = rows.toArray(double[][]::new);
        } else {
            actual = strings(node.path("actual"));
            predicted = strings(node.path("predicted"));
            probabilities = new double[actual.size()][];
            for (int r = 0; r < probabilities.length; r++) {
                JsonNode row = node.path("probabilities").get(r);
                probabilities[r] = new double[row.size()];
                for (int k = 0; k < row.size(); k++) {
                    probabilities[r][k] = row.get(k).asDouble();
                }
            }
        }
        ClassificationMetrics metrics = ClassificationMetrics.compute(labels, positive, actual, predicted, probabilities);
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
