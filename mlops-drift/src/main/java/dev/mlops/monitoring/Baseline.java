package dev.mlops.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.model.Metric;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a version's live performance is compared with: its metrics at validation time and how often
 * it predicted each label then. Read from the newest validation report stored with the version
 * (evidence {@value #VALIDATION_KIND}), else from its training result ({@value #TRAINING_KIND}: the
 * metrics on the held-out rows), else from the version's metrics. Both documents carry
 * {@code "metrics":{NAME:value}} and {@code "confusionMatrix":{"labels":[...],"counts":[[...]]}}
 * (actual by predicted); a missing part leaves the baseline without it.
 *
 * @param source where the values come from, e.g. {@code validation-report of 2026-12-05T10:00:00Z}
 * @param metrics validation-time metric values by JSON name ({@code accuracy}, ..., {@code logLoss}),
 *     finite ones only
 * @param predicted how many rows were predicted as each label at validation time (empty if unknown)
 */
public record Baseline(String source, Map<String, Double> metrics, Map<String, Long> predicted) {

    /** The evidence kind of a validation report: {@value}. */
    public static final String VALIDATION_KIND = "validation-report";
    /** The evidence kind of a training result: {@value}. */
    public static final String TRAINING_KIND = "training-result";

    public Baseline {
        metrics = Map.copyOf(metrics);
        predicted = Map.copyOf(predicted);
    }

    /** No values to compare with. */
    public static Baseline none() {
        return new Baseline("nothing", Map.of(), Map.of());
    }

    /** The baseline of a version, as described above. */
    public static Baseline of(ModelRegistry registry, ModelVersion version) {
        List<Evidence> evidence = registry.evidence(version.name(), version.version());
        Optional<Evidence> document = newest(evidence, VALIDATION_KIND).or(() -> newest(evidence, TRAINING_KIND));
        if (document.isEmpty()) {
            return new Baseline(version.ref() + " metrics", known(version.metrics()), Map.of());
        }
        JsonNode root = Json.read(document.get().document());
        Map<String, Double> metrics = new LinkedHashMap<>();
        root.path("metrics").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                metrics.put(e.getKey(), e.getValue().asDouble());
            }
        });
        Map<String, Long> predicted = new LinkedHashMap<>();
        JsonNode labels = root.path("confusionMatrix").path("labels");
        JsonNode counts = root.path("confusionMatrix").path("counts");
        for (int p = 0; p < labels.size(); p++) {
            long column = 0;
            for (JsonNode row : counts) {
                column += row.path(p).asLong();
            }
            predicted.put(labels.get(p).asText(), column);
        }
        return new Baseline(document.get().kind() + " of " + document.get().time(), known(metrics), predicted);
    }

    private static Optional<Evidence> newest(List<Evidence> evidence, String kind) {
        return evidence.stream().filter(e -> e.kind().equals(kind)).reduce((first, second) -> second);
    }

    private static Map<String, Double> known(Map<String, Double> values) {
        Map<String, Double> known = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            Double value = values.get(metric.jsonName());
            if (value != null && Double.isFinite(value)) {
                known.put(metric.jsonName(), value);
            }
        }
        return known;
    }
}
