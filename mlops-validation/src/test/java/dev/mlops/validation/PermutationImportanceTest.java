package dev.mlops.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PermutationImportanceTest {

    /** The model of src/test/resources/importance/permutation_reference.py: c has weight 0. */
    private static final LinearClassifier MODEL = new LinearClassifier(List.of("n", "y"), "y",
            weights(2.5, -1.0, 0.0), 0.2);

    private static Map<String, Double> weights(double a, double b, double c) {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("a", a);
        weights.put("b", b);
        weights.put("c", c);
        return weights;
    }

    private static LabeledData data() throws URISyntaxException {
        return LabeledData.fromCsv(Path.of(PermutationImportanceTest.class.getResource("/importance/data.csv").toURI()),
                "label");
    }

    private static JsonNode reference() throws IOException {
        try (InputStream in = PermutationImportanceTest.class.getResourceAsStream("/importance/reference.json")) {
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("importances agree with scikit-learn's permutation_importance on the same model and data (2,000 shuffles)")
    void agreesWithScikitLearn() throws Exception {
        JsonNode reference = reference();
        PermutationImportance importance = PermutationImportance.of(MODEL, data(), Metric.ACCURACY, 2000, 1);
        assertThat(importance.baseline()).isEqualTo(reference.get("baseline").asDouble());
        for (JsonNode expected : reference.get("features")) {
            PermutationImportance.FeatureImportance actual = importance.feature(expected.get("name").asText()).orElseThrow();
            // different generators, so the shuffles differ: the means agree to a few standard errors
            assertThat(actual.importance()).as(actual.name()).isCloseTo(expected.get("importance").asDouble(), within(0.005));
            assertThat(actual.std()).as(actual.name()).isCloseTo(expected.get("std").asDouble(),
                    within(0.1 * expected.get("std").asDouble() + 1e-12));
        }
        assertThat(importance.features()).extracting(PermutationImportance.FeatureImportance::name)
                .containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("a column the model ignores scores exactly 0 with no spread, whatever the metric")
    void ignoredColumn() throws Exception {
        for (Metric metric : Metric.values()) {
            PermutationImportance importance = PermutationImportance.of(MODEL, data(), metric, 7, 3);
            assertThat(importance.feature("c").orElseThrow()).as(metric.jsonName())
                    .isEqualTo(new PermutationImportance.FeatureImportance("c", 0.0, 0.0));
            assertThat(importance.feature("a").orElseThrow().importance()).as(metric.jsonName()).isPositive();
        }
    }

    @Test
    @DisplayName("log loss, where lower is better, counts its rise: an important column is still positive")
    void lowerIsBetter() throws Exception {
        PermutationImportance importance = PermutationImportance.of(MODEL, data(), Metric.LOG_LOSS, 20, 5);
        assertThat(importance.metric()).isEqualTo(Metric.LOG_LOSS);
        assertThat(importance.features().get(0).name()).isEqualTo("a");
        assertThat(importance.features().get(0).importance()).isGreaterThan(0.3);
    }

    @Test
    @DisplayName("the same seed gives the same result; another seed other shuffles")
    void reproducible() throws Exception {
        LabeledData data = data();
        PermutationImportance first = PermutationImportance.of(MODEL, data, Metric.AUC, 5, 11);
        assertThat(PermutationImportance.of(MODEL, data, Metric.AUC, 5, 11)).isEqualTo(first);
        assertThat(PermutationImportance.of(MODEL, data, Metric.AUC, 5, 12).feature("a"))
                .isNotEqualTo(first.feature("a"));
    }

    @Test
    @DisplayName("the JSON document has the documented shape, features highest first, and reads back")
    void json() throws Exception {
        PermutationImportance importance = PermutationImportance.of(MODEL, data(), Metric.ACCURACY, 3, 9);
        JsonNode json = Json.read(importance.toJson());
        assertThat(json.get("method").asText()).isEqualTo("permutation");
        assertThat(json.get("metric").asText()).isEqualTo("accuracy");
        assertThat(json.get("baseline").asDouble()).isEqualTo(0.805);
        assertThat(json.get("repeats").asInt()).isEqualTo(3);
        assertThat(json.get("features")).hasSize(3);
        assertThat(json.get("features").get(0).get("name").asText()).isEqualTo("a");
        List<String> keys = new java.util.ArrayList<>();
        json.get("features").get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "importance", "std");
        for (int i = 1; i < 3; i++) {
            assertThat(json.get("features").get(i).get("importance").asDouble())
                    .isLessThanOrEqualTo(json.get("features").get(i - 1).get("importance").asDouble());
        }
        assertThat(PermutationImportance.fromJson(importance.toJson())).isEqualTo(importance);
        assertThat(importance.toText()).contains("Permutation importance (accuracy drop, baseline 0.805")
                .contains("\n  c       0.000 ± 0.000\n");
        assertThatThrownBy(() -> PermutationImportance.fromJson("{\"method\":\"shap\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method");
    }

    @Test
    @DisplayName("bad arguments and data are refused naming what is wrong")
    void badInput() throws Exception {
        LabeledData data = data();
        assertThatThrownBy(() -> PermutationImportance.of(MODEL, data, Metric.ACCURACY, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats");
        LinearClassifier other = new LinearClassifier(List.of("n", "y"), "y", Map.of("d", 1.0), 0);
        assertThatThrownBy(() -> PermutationImportance.of(other, data, Metric.ACCURACY, 1, 1))
                .hasMessageContaining("'d'").hasMessageContaining("missing feature column");
    }

    @Test
    @DisplayName("a validator asked for importance puts it in the report, its JSON, text and HTML")
    void inTheReport() throws Exception {
        ValidationReport report = Validator.builder().atLeast(Metric.ACCURACY, 0.5).importance(Metric.ACCURACY, 4)
                .seed(8).build().validate(MODEL, "fixed:1", data());
        PermutationImportance importance = report.importance().orElseThrow();
        assertThat(importance).isEqualTo(PermutationImportance.of(MODEL, data(), Metric.ACCURACY, 4, 8));
        assertThat(ValidationReport.fromJson(report.toJson())).isEqualTo(report);
        assertThat(report.toText()).contains(importance.toText());
        assertThat(report.toHtml()).contains("<h2 id=\"feature-importance\">Feature importance</h2>", "id=\"importance\"");
        assertThat(importance.toHtml("fixed:1")).contains("<title>Feature importance of fixed:1</title>", "id=\"importance\"");
        ValidationReport without = Validator.builder().atLeast(Metric.ACCURACY, 0.5).build().validate(MODEL, "fixed:1", data());
        assertThat(without.importance()).isEmpty();
        assertThat(Json.read(without.toJson()).get("importance").isNull()).isTrue();
        assertThat(without.toHtml()).doesNotContain("Feature importance");
    }
}
