package dev.mlops.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.model.Metric;
import dev.mlops.validation.PermutationImportance;
import dev.mlops.validation.PermutationImportance.FeatureImportance;
import java.util.ArrayList;
import java.util.List;

/** The JSON and text forms of {@link PermutationImportance}. */
public final class ImportanceJson {

    private ImportanceJson() {
    }

    /** See {@link PermutationImportance#toJson()}. */
    public static String write(PermutationImportance importance) {
        return Json.write(node(importance));
    }

    static ObjectNode node(PermutationImportance importance) {
        ObjectNode root = Json.object();
        root.put("method", "permutation");
        root.put("metric", importance.metric().jsonName());
        Json.number(root, "baseline", importance.baseline());
        root.put("repeats", importance.repeats());
        root.put("seed", importance.seed());
        ArrayNode features = root.putArray("features");
        for (FeatureImportance feature : importance.features()) {
            ObjectNode node = features.addObject();
            node.put("name", feature.name());
            Json.number(node, "importance", feature.importance());
            Json.number(node, "std", feature.std());
        }
        return root;
    }

    /** See {@link PermutationImportance#fromJson(String)}. */
    public static PermutationImportance read(String json) {
        return read(Json.read(json));
    }

    static PermutationImportance read(JsonNode root) {
        try {
            if (!root.path("method").asText().equals("permutation")) {
                throw new IllegalArgumentException("'method' is not \"permutation\"");
            }
            List<FeatureImportance> features = new ArrayList<>();
            for (JsonNode node : root.path("features")) {
                features.add(new FeatureImportance(node.path("name").asText(), Json.number(node, "importance"),
                        Json.number(node, "std")));
            }
            return new PermutationImportance(Metric.parse(root.path("metric").asText()), Json.number(root, "baseline"),
                    root.path("repeats").asInt(), root.path("seed").asLong(), features);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a permutation importance document: " + e.getMessage(), e);
        }
    }

    /** See {@link PermutationImportance#toText()}. */
    public static String text(PermutationImportance importance) {
        StringBuilder text = new StringBuilder();
        text.append("Permutation importance (").append(importance.metric().displayName()).append(" drop, baseline ")
                .append(Numbers.format(importance.baseline())).append(", ").append(importance.repeats())
                .append(importance.repeats() == 1 ? " shuffle" : " shuffles").append(" per column, seed ")
                .append(importance.seed()).append("):\n");
        int width = importance.features().stream().mapToInt(f -> f.name().length()).max().orElse(0);
        double max = importance.features().stream().mapToDouble(FeatureImportance::importance)
                .filter(v -> v > 0).max().orElse(0);
        for (FeatureImportance feature : importance.features()) {
            String value = Numbers.format(feature.importance());
            text.append("  ").append(feature.name()).append(" ".repeat(width - feature.name().length())).append("  ")
                    .append(" ".repeat(Math.max(0, 10 - value.length()))).append(value).append(" ± ")
                    .append(Numbers.format(feature.std()));
            if (max > 0 && feature.importance() > 0) {
                text.append("  ").append("#".repeat((int) Math.round(30 * feature.importance() / max)));
            }
            text.append('\n');
        }
        return text.toString();
    }
}
