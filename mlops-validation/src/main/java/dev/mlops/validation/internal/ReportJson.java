package dev.mlops.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.model.ConfusionMatrix;
import dev.mlops.model.RocCurve;
import dev.mlops.validation.Check;
import dev.mlops.validation.GroupFairness;
import dev.mlops.validation.SkippedCheck;
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
        ArrayNode skipped = root.putArray("skipped");
        for (SkippedCheck check : report.skipped()) {
            skipped.addObject().put("name", check.name()).put("reason", check.reason());
        }
        root.put("model", report.model());
        if (!report.artifactSha256().isEmpty()) {
            root.putObject("artifact").put("sha256", report.artifactSha256());
        }
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
        ObjectNode confusion = root.putObject("confusionMatrix");
        report.confusionMatrix().labels().forEach(confusion.putArray("labels")::add);
        ArrayNode counts = confusion.putArray("counts");
        for (List<Long> row : report.confusionMatrix().counts()) {
            ArrayNode line = counts.addArray();
            row.forEach(line::add);
        }
        roc(root, "roc", report.roc());
        roc(root, "championRoc", report.championRoc());
        ArrayNode fairness = root.putArray("fairness");
        for (GroupFairness attribute : report.fairness()) {
            ObjectNode node = fairness.addObject();
            node.put("column", attribute.column());
            node.put("favorable", attribute.favorable());
            group(node.putObject("privileged"), attribute.privileged());
            group(node.putObject("unprivileged"), attribute.unprivileged());
            node.put("leftOut", attribute.leftOut());
        }
        root.put("createdAt", report.createdAt().toString());
        if (report.importance().isPresent()) {
            root.set("importance", ImportanceJson.node(report.importance().get()));
        } else {
            root.putNull("importance");
        }
        return Json.write(root);
    }

    private static void roc(ObjectNode root, String name, Optional<RocCurve> curve) {
        if (curve.isEmpty()) {
            root.putNull(name);
            return;
        }
        ObjectNode node = root.putObject(name);
        node.put("positiveClass", curve.get().positiveClass());
        curve.get().falsePositiveRate().forEach(node.putArray("falsePositiveRate")::add);
        curve.get().truePositiveRate().forEach(node.putArray("truePositiveRate")::add);
        ArrayNode thresholds = node.putArray("thresholds");
        for (double threshold : curve.get().thresholds()) {
            if (Double.isFinite(threshold)) {
                thresholds.add(threshold);
            } else {
                thresholds.addNull();  // the first point's +∞, which JSON cannot write
            }
        }
    }

    private static void group(ObjectNode node, GroupFairness.Group group) {
        node.put("group", group.description());
        node.put("rows", group.rows());
        Json.number(node, "selectionRate", group.selectionRate());
        Json.number(node, "truePositiveRate", group.truePositiveRate());
        Json.number(node, "falsePositiveRate", group.falsePositiveRate());
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
            List<SkippedCheck> skipped = new ArrayList<>();
            for (JsonNode node : root.path("skipped")) {
                skipped.add(new SkippedCheck(required(node, "name").asText(), required(node, "reason").asText()));
            }
            List<GroupFairness> fairness = new ArrayList<>();
            for (JsonNode node : root.path("fairness")) {
                fairness.add(new GroupFairness(required(node, "column").asText(), required(node, "favorable").asText(),
                        group(required(node, "privileged")), group(required(node, "unprivileged")),
                        required(node, "leftOut").asInt()));
            }
            ValidationReport report = new ValidationReport(required(root, "model").asText(),
                    root.path("artifact").path("sha256").asText(""), text(root, "champion"),
                    root.path("data").path("source").asText(), root.path("data").path("fingerprint").asText(),
                    root.path("data").path("rows").asInt(), text(root, "positiveClass"), numbers(root.path("metrics")),
                    numbers(root.path("championMetrics")), checks, skipped, confusion(root.path("confusionMatrix")),
                    roc(root.get("roc")), roc(root.get("championRoc")), fairness,
                    Instant.parse(required(root, "createdAt").asText()),
                    root.hasNonNull("importance") ? Optional.of(ImportanceJson.read(root.get("importance")))
                            : Optional.empty());
            if (report.passed() != required(root, "passed").asBoolean()) {
                throw new IllegalArgumentException("'passed' disagrees with the checks");
            }
            return report;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a validation report: " + e.getMessage(), e);
        }
    }

    /** The matrix; a report stored before reports recorded one has none, which reads as an empty matrix. */
    private static ConfusionMatrix confusion(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return new ConfusionMatrix(List.of(), List.of());
        }
        List<String> labels = new ArrayList<>();
        required(node, "labels").forEach(label -> labels.add(label.asText()));
        List<List<Long>> counts = new ArrayList<>();
        for (JsonNode row : required(node, "counts")) {
            List<Long> line = new ArrayList<>();
            row.forEach(count -> line.add(count.asLong()));
            counts.add(line);
        }
        return new ConfusionMatrix(labels, counts);
    }

    private static Optional<RocCurve> roc(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        List<Double> thresholds = new ArrayList<>();
        for (JsonNode threshold : required(node, "thresholds")) {
            thresholds.add(threshold.isNull() ? Double.POSITIVE_INFINITY : threshold.asDouble());
        }
        return Optional.of(new RocCurve(required(node, "positiveClass").asText(),
                doubles(required(node, "falsePositiveRate")), doubles(required(node, "truePositiveRate")), thresholds));
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asDouble()));
        return values;
    }

    private static GroupFairness.Group group(JsonNode node) {
        return new GroupFairness.Group(required(node, "group").asText(), required(node, "rows").asInt(),
                Json.number(node, "selectionRate"), Json.number(node, "truePositiveRate"),
                Json.number(node, "falsePositiveRate"));
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
