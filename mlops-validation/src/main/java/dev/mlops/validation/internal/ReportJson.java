package dev.mlops.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.validation.Check;
import dev.mlops.validation.ValidationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON form of {@link ValidationReport}. */
public final class ReportJson {

    private ReportJson() {
    }

    /** See {@link ValidationReport#toJson()}. */
    public static String write(ValidationReport report) {
        ObjectNode root = Json.object();
        root.put("passed", report.passed());
        ArrayNode checks = root.putArray("checks");
        for (Check check : report.checks()) {
            ObjectNode node = checks.addObject();
            node.put("name", check.name());
            Json.number(node, "value", check.value());
            Json.number(node, "threshold", check.threshold());
            node.put("passed", check.passed());
            node.put("detail", check.detail());
        }
        root.put("model", report.model());
        root.put("champion", report.champion().orElse(null));
        ObjectNode data = root.putObject("data");
        data.put("source", report.source());
        data.put("fingerprint", report.dataFingerprint());
        data.put("rows", report.rows());
        root.put("positiveClass", report.positiveClass().orElse(null));
        Json.numbers(root.putObject("metrics"), report.metrics());
        if (report.champion().isPresent()) {
            Json.numbers(root.putObject("championMetrics"), report.championMetrics());
        } else {
            root.putNull("championMetrics");
        }
        root.put("createdAt", report.createdAt().toString());
        return Json.write(root);
    }

    /** See {@link ValidationReport#fromJson(String)}. */
    public static ValidationReport read(String json) {
        JsonNode root = Json.read(json);
        try {
            List<Check> checks = new ArrayList<>();
            for (JsonNode node : required(root, "checks")) {
                checks.add(new Check(required(node, "name").asText(), Json.number(node, "value"),
                        Json.number(node, "threshold"), required(node, "passed").asBoolean(),
                        node.path("detail").asText()));
            }
            ValidationReport report = new ValidationReport(required(root, "model").asText(), text(root, "champion"),
                    root.path("data").path("source").asText(), root.path("data").path("fingerprint").asText(),
                    root.path("data").path("rows").asInt(), text(root, "positiveClass"), numbers(root.path("metrics")),
                    numbers(root.path("championMetrics")), checks, Instant.parse(required(root, "createdAt").asText()));
            if (report.passed() != required(root, "passed").asBoolean()) {
                throw new IllegalArgumentException("'passed' disagrees with the checks");
            }
            return report;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a validation report: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return value;
    }

    private static Optional<String> text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Map<String, Double> numbers(JsonNode node) {
        Map<String, Double> map = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(name -> map.put(name, Json.number(node, name)));
        return map;
    }
}
