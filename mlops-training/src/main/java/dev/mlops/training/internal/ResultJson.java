package dev.mlops.training.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Metric;
import dev.mlops.model.MetricSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.CrossValidation;
import dev.mlops.training.DataIssue;
import dev.mlops.training.DataReport;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.Trial;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON of {@link TrainingResult}; see {@link TrainingResult#toJson()}. */
public final class ResultJson {

    private ResultJson() {
    }

    /** See {@link TrainingResult#toJson()}. */
    public static String write(TrainingResult result) {
        ObjectNode root = Json.object();
        root.put("algorithm", result.algorithm().id());
        strings(root.putObject("params"), new java.util.TreeMap<>(result.params()));
        Json.numbers(root.putObject("metrics"), result.metrics().asMap());
        if (result.cv().isPresent()) {
            cv(root.putObject("cv"), result.cv().get());
        } else {
            root.putNull("cv");
        }
        if (result.version().isPresent()) {
            version(root.putObject("version"), result.version().get());
        } else {
            root.putNull("version");
        }
        root.put("jobId", result.jobId());
        root.put("seed", result.seed());
        root.put("labelColumn", result.model().schema().labelColumn());
        strings(root.putArray("labels"), result.model().labels());
        root.put("positiveClass", result.model().positiveClass().orElse(null));
        root.put("trainRows", result.trainRows());
        root.put("testRows", result.testRows());
        confusion(root.putObject("confusionMatrix"), result.metrics());
        if (result.search().isPresent()) {
            ObjectNode search = root.putObject("search");
            search.put("strategy", result.search().get().strategy().name().toLowerCase(Locale.ROOT));
            Metric metric = result.search().get().metric();
            search.put("metric", metric.jsonName());
            ArrayNode trials = search.putArray("trials");
            for (Trial trial : result.trials()) {
                ObjectNode node = trials.addObject();
                strings(node.putObject("params"), trial.params());
                summary(node, trial.cv().summary(metric));
            }
        } else {
            root.putNull("search");
        }
        data(root.putObject("data"), result);
        return Json.write(root);
    }

    /** {@code {"folds", METRIC: {"mean","std"}, ...}}. */
    static void cv(ObjectNode node, CrossValidation cv) {
        node.put("folds", cv.folds());
        cv.summaries().forEach((metric, summary) -> summary(node.putObject(metric.jsonName()), summary));
    }

    private static void summary(ObjectNode node, MetricSummary summary) {
        Json.number(node, "mean", summary.mean());
        Json.number(node, "std", summary.std());
    }

    /** The version object of the CLI contract. */
    private static void version(ObjectNode node, ModelVersion v) {
        node.put("name", v.name());
        node.put("version", v.version());
        node.put("stage", v.stage().name());
        node.put("sha256", v.sha256());
        node.put("sizeBytes", v.sizeBytes());
        node.put("createdAt", v.createdAt().toString());
        node.put("createdBy", v.createdBy());
        Json.numbers(node.putObject("metrics"), new java.util.TreeMap<>(v.metrics()));
        strings(node.putObject("params"), new java.util.TreeMap<>(v.params()));
        strings(node.putObject("tags"), new java.util.TreeMap<>(v.tags()));
        strings(node.putArray("aliases"), v.aliases());
    }

    static void confusion(ObjectNode node, ClassificationMetrics metrics) {
        strings(node.putArray("labels"), metrics.confusionMatrix().labels());
        ArrayNode counts = node.putArray("counts");
        for (List<Long> row : metrics.confusionMatrix().counts()) {
            ArrayNode array = counts.addArray();
            row.forEach(array::add);
        }
    }

    private static void data(ObjectNode node, TrainingResult result) {
        DataReport report = result.dataReport();
        node.put("source", result.source());
        node.put("fingerprint", result.dataFingerprint());
        node.put("rows", report.rows());
        node.put("labeledRows", report.labeledRows());
        ObjectNode counts = node.putObject("labelCounts");
        report.labelCounts().forEach(counts::put);
        ArrayNode issues = node.putArray("issues");
        for (DataIssue issue : report.issues()) {
            ObjectNode i = issues.addObject();
            i.put("severity", issue.severity().name());
            i.put("kind", issue.kind());
            i.put("column", issue.column().orElse(null));
            i.put("message", issue.message());
        }
    }

    static void strings(ObjectNode node, Map<String, String> values) {
        values.forEach(node::put);
    }

    static void strings(ArrayNode node, List<String> values) {
        values.forEach(node::add);
    }
}
