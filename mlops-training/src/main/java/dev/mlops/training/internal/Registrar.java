package dev.mlops.training.internal;

import dev.mlops.core.Json;
import dev.mlops.model.Metric;
import dev.mlops.model.MetricSummary;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.training.Registration;
import dev.mlops.training.TrainedModelFormat;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.TrainingSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers a training result: the model artifact, metrics, params, lineage, then the result and
 * the drift reference profile as evidence. The job id is the idempotency key, so a retried
 * registration of the same job returns the same version.
 */
public final class Registrar {

    private Registrar() {
    }

    /** Registers and attaches the evidence; returns the new version. */
    public static ModelVersion register(ModelRegistry registry, Registration registration, TrainingSpec spec,
            TrainingResult result) {
        String description = registration.description().isEmpty()
                ? result.algorithm().id() + " on " + result.source() + ", label " + result.model().schema().labelColumn()
                : registration.description();
        ModelVersion version = registry.register(RegisterRequest.builder(registration.name(),
                        ArtifactSource.of(result.model().toBytes()))
                .format(TrainedModelFormat.NAME)
                .description(description)
                .metrics(metrics(result))
                .params(params(spec, result))
                .tags(registration.tags())
                .lineage(new Lineage(registration.parent().orElse(""), result.dataFingerprint(), result.provenance()))
                .idempotencyKey(result.jobId())
                .build());
        registry.attachEvidence(version.name(), version.version(), TrainingResult.EVIDENCE_KIND,
                result.withVersion(version).toJson());
        registry.attachEvidence(version.name(), version.version(), TrainingResult.PROFILE_EVIDENCE_KIND,
                result.trainingProfile().toJson());
        return version;
    }

    /** Test metrics by name, and {@code cv.METRIC.mean}/{@code .std}; undefined ones are left out. */
    static Map<String, Double> metrics(TrainingResult result) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        result.metrics().asMap().forEach((name, value) -> putFinite(metrics, name, value));
        result.cv().ifPresent(cv -> {
            for (Metric metric : Metric.values()) {
                MetricSummary summary = cv.summary(metric);
                putFinite(metrics, "cv." + metric.jsonName() + ".mean", summary.mean());
                putFinite(metrics, "cv." + metric.jsonName() + ".std", summary.std());
            }
        });
        return metrics;
    }

    private static void putFinite(Map<String, Double> metrics, String name, double value) {
        if (Double.isFinite(value)) {
            metrics.put(name, value);
        }
    }

    /** The hyperparameters plus what is needed to read and reproduce the model. */
    static Map<String, String> params(TrainingSpec spec, TrainingResult result) {
        Map<String, String> params = new LinkedHashMap<>(result.params());
        params.put("algorithm", result.algorithm().id());
        params.put("seed", Long.toString(result.seed()));
        params.put("labelColumn", result.model().schema().labelColumn());
        params.put("labels", Json.write(Json.tree(result.model().labels())));
        result.model().positiveClass().ifPresent(p -> params.put("positiveClass", p));
        params.put("testFraction", Double.toString(spec.testFraction()));
        params.put("folds", Integer.toString(spec.folds()));
        spec.search().ifPresent(s -> params.put("search", s.strategy().name().toLowerCase(java.util.Locale.ROOT)
                + " by " + s.metric().jsonName() + " over " + s.space()));
        params.put("trainingJob", result.jobId());
        return params;
    }
}
